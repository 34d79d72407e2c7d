ALTER TABLE "providers" ADD COLUMN "anthropic_base_url" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "reasoning_control" text;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_reasoning_control_check" CHECK ("providers"."reasoning_control" in ('deepseek-thinking', 'reasoning-effort'));