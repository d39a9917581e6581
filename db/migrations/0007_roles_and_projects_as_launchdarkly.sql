CREATE TABLE "project_environments" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"project_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"default_ttl" integer DEFAULT 0 NOT NULL,
	"secure_mode" boolean DEFAULT false NOT NULL,
	"default_track_events" boolean DEFAULT false NOT NULL,
	"require_comments" boolean DEFAULT false NOT NULL,
	"confirm_changes" boolean DEFAULT false NOT NULL,
	"critical" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "custom_roles" ADD COLUMN "base_permissions" text DEFAULT 'reader' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "using_environment_id" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "using_mobile_key" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "flag_defaults" jsonb;--> statement-breakpoint
ALTER TABLE "project_environments" ADD CONSTRAINT "project_environments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_environments" ADD CONSTRAINT "project_environments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "project_environments_project_key_idx" ON "project_environments" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "project_environments_account_idx" ON "project_environments" USING btree ("account_id");--> statement-breakpoint
-- Projects made before environments existed get the two every new project gets (DEFAULT_PROJECT_ENVIRONMENTS in db/schema.ts).
INSERT INTO "project_environments" ("id", "account_id", "project_id", "key", "name", "color", "position")
SELECT substr(replace(gen_random_uuid()::text, '-', ''), 1, 24), p."account_id", p."id", d."key", d."name", d."color", d."position"
FROM "projects" p CROSS JOIN (VALUES ('production', 'Production', '417505', 0), ('test', 'Test', 'F5A623', 1)) AS d("key", "name", "color", "position");
