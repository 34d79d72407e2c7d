ALTER TABLE "usage_events" ADD COLUMN "upstream_id" text;--> statement-breakpoint
CREATE INDEX "usage_events_upstream_id_index" ON "usage_events" USING btree ("upstream_id");