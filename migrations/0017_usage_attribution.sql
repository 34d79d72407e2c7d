CREATE TABLE "usage_attribution_rollups" (
	"day" timestamp with time zone NOT NULL,
	"api_key_id" text DEFAULT '' NOT NULL,
	"provider_id" text DEFAULT '' NOT NULL,
	"model" text NOT NULL,
	"tag" text NOT NULL,
	"end_user" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_input_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"cost_picos" bigint DEFAULT 0 NOT NULL,
	"unpriced_requests" bigint DEFAULT 0 NOT NULL,
	"cache_savings_picos" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_attribution_rollups_pkey" PRIMARY KEY("day","api_key_id","provider_id","model","tag","end_user")
);
--> statement-breakpoint
CREATE TABLE "usage_attribution_values" (
	"day" timestamp with time zone NOT NULL,
	"api_key_id" text NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "usage_attribution_values_pkey" PRIMARY KEY("day","api_key_id","dimension","value")
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cache_savings_picos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "end_user" text;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "cache_savings_picos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Usage from before attribution existed: untagged, no end user, so grouping by tag or user still adds up to the usage totals.
INSERT INTO "usage_attribution_rollups" ("day", "api_key_id", "provider_id", "model", "tag", "end_user", "requests", "errors", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_micros", "cost_picos", "unpriced_requests")
SELECT "bucket_start", "api_key_id", "provider_id", "model", t."tag", '', "requests", "errors", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_micros", "cost_picos", "unpriced_requests"
FROM "usage_rollups" CROSS JOIN (VALUES ('*'), ('')) AS t ("tag") WHERE "granularity" = 'day';
