CREATE TABLE "price_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"model_id" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"effective_until" timestamp with time zone,
	"source" text NOT NULL,
	"input" numeric(18, 6) NOT NULL,
	"cached_input" numeric(18, 6),
	"cache_write_5m" numeric(18, 6),
	"cache_write_1h" numeric(18, 6),
	"output" numeric(18, 6) NOT NULL,
	"audio_input" numeric(18, 6),
	"audio_output" numeric(18, 6),
	"reasoning" numeric(18, 6),
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"schedules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_versions_source_check" CHECK ("price_versions"."source" in ('built-in', 'config-file', 'admin', 'import'))
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cache_write_1h_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cost_picos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "price_version_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "unpriced" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "cost_picos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "unpriced_requests" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "price_versions_model_index" ON "price_versions" USING btree ("provider_id","model_id","effective_from");--> statement-breakpoint
-- Costs recorded before exact pico-dollar costs existed were whole micro-dollars: carry them over.
UPDATE "usage_events" SET "cost_picos" = "cost_micros" * 1000000 WHERE "cost_picos" = 0 AND "cost_micros" <> 0;--> statement-breakpoint
UPDATE "usage_rollups" SET "cost_picos" = "cost_micros" * 1000000 WHERE "cost_picos" = 0 AND "cost_micros" <> 0;
