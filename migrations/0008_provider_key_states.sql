ALTER TABLE "provider_keys" DROP CONSTRAINT "provider_keys_status_check";--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "status_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing keys have been in their status at least since their last edit.
UPDATE "provider_keys" SET "status_since" = "updated_at";--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "next_probe_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "provider_keys_next_probe_at_index" ON "provider_keys" USING btree ("next_probe_at");--> statement-breakpoint
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_status_check" CHECK ("provider_keys"."status" in ('active', 'suspect', 'out_of_credit', 'needs_confirmation', 'undecryptable', 'disabled', 'revoked'));