CREATE TABLE "access_token_custom_roles" (
	"token_id" text NOT NULL,
	"role_id" text NOT NULL,
	CONSTRAINT "access_token_custom_roles_token_id_role_id_pk" PRIMARY KEY("token_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "access_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"member_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"permission_kind" text NOT NULL,
	"role" text,
	"inline_role" jsonb,
	"service_token" boolean DEFAULT false NOT NULL,
	"default_api_version" integer NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "access_tokens_permission_check" CHECK ((
      ("access_tokens"."permission_kind" = 'role' and "access_tokens"."role" is not null and "access_tokens"."inline_role" is null) or
      ("access_tokens"."permission_kind" = 'inline' and "access_tokens"."role" is null and "access_tokens"."inline_role" is not null) or
      ("access_tokens"."permission_kind" = 'customRoles' and "access_tokens"."role" is null and "access_tokens"."inline_role" is null))),
	CONSTRAINT "access_tokens_role_check" CHECK ("access_tokens"."role" is null or "access_tokens"."role" in ('reader', 'writer', 'admin', 'owner'))
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"service_token_limit" integer DEFAULT 200 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"account_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_member_id" text,
	"actor_token_id" text,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"target_name" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "custom_roles" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_custom_roles" (
	"member_id" text NOT NULL,
	"role_id" text NOT NULL,
	CONSTRAINT "member_custom_roles_member_id_role_id_pk" PRIMARY KEY("member_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"email" text NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	CONSTRAINT "members_role_check" CHECK ("members"."role" in ('reader', 'writer', 'admin', 'owner'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "token_secrets" (
	"id" text PRIMARY KEY NOT NULL,
	"token_id" text NOT NULL,
	"hash" text NOT NULL,
	"ending" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_token_custom_roles" ADD CONSTRAINT "access_token_custom_roles_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_token_custom_roles" ADD CONSTRAINT "access_token_custom_roles_role_id_custom_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."custom_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_roles" ADD CONSTRAINT "custom_roles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_custom_roles" ADD CONSTRAINT "member_custom_roles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_custom_roles" ADD CONSTRAINT "member_custom_roles_role_id_custom_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."custom_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_secrets" ADD CONSTRAINT "token_secrets_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_token_custom_roles_role_idx" ON "access_token_custom_roles" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "access_tokens_account_created_idx" ON "access_tokens" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "access_tokens_member_created_idx" ON "access_tokens" USING btree ("account_id","member_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "access_tokens_service_created_idx" ON "access_tokens" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "access_tokens"."service_token";--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_personal_name_idx" ON "access_tokens" USING btree ("account_id","member_id","name") WHERE not "access_tokens"."service_token";--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_service_name_idx" ON "access_tokens" USING btree ("account_id","name") WHERE "access_tokens"."service_token";--> statement-breakpoint
CREATE INDEX "audit_log_account_seq_idx" ON "audit_log" USING btree ("account_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("account_id","target_kind","target_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("account_id","actor_member_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "custom_roles_account_key_idx" ON "custom_roles" USING btree ("account_id","key");--> statement-breakpoint
CREATE INDEX "member_custom_roles_role_idx" ON "member_custom_roles" USING btree ("role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_account_email_idx" ON "members" USING btree ("account_id",lower("email"));--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "projects_account_key_idx" ON "projects" USING btree ("account_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "token_secrets_hash_idx" ON "token_secrets" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "token_secrets_current_idx" ON "token_secrets" USING btree ("token_id") WHERE "token_secrets"."expires_at" is null;