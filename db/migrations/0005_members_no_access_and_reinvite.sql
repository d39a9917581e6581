-- A member with no access (LaunchDarkly's no_access role), and a removed member's address free to be
-- invited again: the email is unique only among the members who have not been removed.
ALTER TABLE "access_tokens" DROP CONSTRAINT "access_tokens_role_check";--> statement-breakpoint
ALTER TABLE "members" DROP CONSTRAINT "members_role_check";--> statement-breakpoint
DROP INDEX "members_account_email_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "members_account_email_idx" ON "members" USING btree ("account_id",lower("email")) WHERE "members"."removed_at" is null;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_role_check" CHECK ("access_tokens"."role" is null or "access_tokens"."role" in ('no_access', 'reader', 'writer', 'admin', 'owner'));--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_role_check" CHECK ("members"."role" in ('no_access', 'reader', 'writer', 'admin', 'owner'));