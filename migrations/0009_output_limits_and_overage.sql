ALTER TABLE "provider_models" ADD COLUMN "default_output_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "overage" boolean DEFAULT false NOT NULL;