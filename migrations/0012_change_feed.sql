CREATE TABLE "change_feed" (
	"sequence" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"entity_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "change_feed_at_index" ON "change_feed" USING btree ("at");