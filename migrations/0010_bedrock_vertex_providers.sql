ALTER TABLE "providers" DROP CONSTRAINT "providers_adapter_check";--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "project" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "location" text;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_adapter_check" CHECK ("providers"."adapter" in ('openai-compatible', 'anthropic', 'gemini', 'azure-openai', 'bedrock', 'vertex'));