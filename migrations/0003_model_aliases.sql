CREATE TABLE "model_aliases" (
	"name" text PRIMARY KEY NOT NULL,
	"targets" jsonb NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "model_aliases" jsonb;