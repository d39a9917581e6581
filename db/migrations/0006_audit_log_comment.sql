ALTER TABLE "audit_log" ADD COLUMN "comment" text;--> statement-breakpoint
CREATE INDEX "audit_log_account_at_idx" ON "audit_log" USING btree ("account_id","at" DESC NULLS LAST,"seq" DESC NULLS LAST);