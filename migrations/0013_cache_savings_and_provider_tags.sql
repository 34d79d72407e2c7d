ALTER TABLE "api_keys" ADD COLUMN "response_cache_ttl_seconds" integer;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "regions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "data_policies" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cache_savings_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "cache_savings_micros" bigint DEFAULT 0 NOT NULL;