CREATE TABLE "stored_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_key_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"provider_key_id" text,
	"native" boolean NOT NULL,
	"ciphertext" text NOT NULL,
	"nonce" text NOT NULL,
	"auth_tag" text NOT NULL,
	"wrapped_dek" text NOT NULL,
	"kek_id" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stored_responses_expires_at_index" ON "stored_responses" USING btree ("expires_at");