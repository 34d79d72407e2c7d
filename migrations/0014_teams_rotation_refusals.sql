CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"budget_micros" bigint,
	"budget_period" text,
	"rpm_limit" integer,
	"tpm_limit" integer,
	"concurrency_limit" integer,
	"allowed_models" jsonb,
	"routing_policy" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name"),
	CONSTRAINT "teams_budget_period_check" CHECK ("teams"."budget_period" in ('day', 'week', 'month', 'total')),
	CONSTRAINT "teams_budget_has_period_check" CHECK (("teams"."budget_micros" is null) = ("teams"."budget_period" is null))
);
--> statement-breakpoint
CREATE TABLE "usage_refusal_rollups" (
	"granularity" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"api_key_id" text NOT NULL,
	"team_id" text DEFAULT '' NOT NULL,
	"status" integer NOT NULL,
	"code" text NOT NULL,
	"refused" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_refusal_rollups_pkey" PRIMARY KEY("granularity","bucket_start","api_key_id","team_id","status","code"),
	CONSTRAINT "usage_refusal_rollups_granularity_check" CHECK ("usage_refusal_rollups"."granularity" in ('minute', 'hour', 'day'))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "team_id" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "ledger_key_id" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rotated_from_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "team_id" text;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "team_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "refused" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_events_team_id_occurred_at_index" ON "usage_events" USING btree ("team_id","occurred_at");--> statement-breakpoint
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_pkey";
--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_pkey" PRIMARY KEY("granularity","bucket_start","api_key_id","team_id","provider_id","model");