CREATE TABLE "admin_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"last4" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "admin_tokens_name_unique" UNIQUE("name"),
	CONSTRAINT "admin_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "admin_tokens_role_check" CHECK ("admin_tokens"."role" in ('admin', 'keys', 'billing'))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"last4" text NOT NULL,
	"name" text NOT NULL,
	"owner" text,
	"allowed_models" jsonb,
	"allowed_endpoints" jsonb,
	"ip_allowlist" jsonb,
	"expires_at" timestamp with time zone,
	"default_policy" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rpm_limit" integer,
	"tpm_limit" integer,
	"concurrency_limit" integer,
	"budget_micros" bigint,
	"budget_period" text,
	"allow_debug" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_name_unique" UNIQUE("name"),
	CONSTRAINT "api_keys_budget_period_check" CHECK ("api_keys"."budget_period" in ('day', 'week', 'month', 'total')),
	CONSTRAINT "api_keys_budget_has_period_check" CHECK (("api_keys"."budget_micros" is null) = ("api_keys"."budget_period" is null))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"request_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"ciphertext" text NOT NULL,
	"nonce" text NOT NULL,
	"auth_tag" text NOT NULL,
	"wrapped_dek" text NOT NULL,
	"kek_id" text NOT NULL,
	"last4" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "provider_keys_provider_id_name_unique" UNIQUE("provider_id","name"),
	CONSTRAINT "provider_keys_status_check" CHECK ("provider_keys"."status" in ('active', 'disabled', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "provider_models" (
	"provider_id" text NOT NULL,
	"model_id" text NOT NULL,
	"upstream" text NOT NULL,
	"kind" text DEFAULT 'chat' NOT NULL,
	"input_price_micros" bigint,
	"cached_input_price_micros" bigint,
	"cache_write_price_micros" bigint,
	"output_price_micros" bigint,
	"context_window" integer,
	"max_output_tokens" integer,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "provider_models_pkey" PRIMARY KEY("provider_id","model_id"),
	CONSTRAINT "provider_models_kind_check" CHECK ("provider_models"."kind" in ('chat', 'embedding'))
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"adapter" text NOT NULL,
	"base_url" text NOT NULL,
	"api_version" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"key_optional" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_adapter_check" CHECK ("providers"."adapter" in ('openai-compatible', 'anthropic', 'gemini', 'azure-openai'))
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"request_id" text PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"api_key_id" text,
	"requested_model" text NOT NULL,
	"provider_id" text,
	"upstream_model" text,
	"endpoint" text NOT NULL,
	"stream" boolean NOT NULL,
	"outcome" text NOT NULL,
	"attempts" integer NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"cached_input_tokens" integer DEFAULT 0 NOT NULL,
	"cache_write_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"reasoning_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"estimated" boolean DEFAULT false NOT NULL,
	"latency_ms" integer NOT NULL,
	"first_token_ms" integer,
	"error_code" text
);
--> statement-breakpoint
CREATE TABLE "usage_rollups" (
	"granularity" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"api_key_id" text DEFAULT '' NOT NULL,
	"provider_id" text DEFAULT '' NOT NULL,
	"model" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_input_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_rollups_pkey" PRIMARY KEY("granularity","bucket_start","api_key_id","provider_id","model"),
	CONSTRAINT "usage_rollups_granularity_check" CHECK ("usage_rollups"."granularity" in ('minute', 'hour', 'day'))
);
--> statement-breakpoint
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_models" ADD CONSTRAINT "provider_models_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_occurred_at_index" ON "audit_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "provider_keys_kek_id_index" ON "provider_keys" USING btree ("kek_id");--> statement-breakpoint
CREATE INDEX "usage_events_occurred_at_index" ON "usage_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "usage_events_api_key_id_occurred_at_index" ON "usage_events" USING btree ("api_key_id","occurred_at");