CREATE TABLE "usage_dead_letters" (
	"request_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"error" text NOT NULL,
	"failures" integer DEFAULT 1 NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "client_request_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "estimated_reason" text;--> statement-breakpoint
CREATE INDEX "usage_events_client_request_id_index" ON "usage_events" USING btree ("client_request_id");