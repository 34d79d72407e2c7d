CREATE TABLE "alert_firings" (
	"id" text PRIMARY KEY NOT NULL,
	"alert_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"threshold" text NOT NULL,
	"value" jsonb NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "alert_firings_once_unique" UNIQUE("alert_id","period_start","threshold"),
	CONSTRAINT "alert_firings_status_check" CHECK ("alert_firings"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"scope_type" text NOT NULL,
	"scope_id" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"thresholds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel_type" text NOT NULL,
	"channel_target" text NOT NULL,
	"secret_ciphertext" text,
	"secret_nonce" text,
	"secret_auth_tag" text,
	"secret_wrapped_dek" text,
	"secret_kek_id" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" in ('budget', 'forecast', 'spike', 'new_address')),
	CONSTRAINT "alerts_scope_type_check" CHECK ("alerts"."scope_type" in ('api_key', 'team', 'gateway')),
	CONSTRAINT "alerts_channel_type_check" CHECK ("alerts"."channel_type" in ('webhook', 'slack', 'email'))
);
--> statement-breakpoint
CREATE TABLE "api_key_addresses" (
	"api_key_id" text NOT NULL,
	"address" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"sequence" bigserial NOT NULL,
	CONSTRAINT "api_key_addresses_pkey" PRIMARY KEY("api_key_id","address")
);
--> statement-breakpoint
ALTER TABLE "alert_firings" ADD CONSTRAINT "alert_firings_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_firings_alert_index" ON "alert_firings" USING btree ("alert_id","fired_at");--> statement-breakpoint
CREATE INDEX "api_key_addresses_first_seen_index" ON "api_key_addresses" USING btree ("first_seen_at");