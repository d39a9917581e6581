-- Each instance keeps the tokens it has authenticated in memory (lib/auth/token-cache.ts). These
-- triggers tell every instance, through NOTIFY on the channel `tollgate_auth`, whose cached
-- authentication a committed change makes stale: `token:<id>`, `member:<id>` or `all`.
-- PostgreSQL delivers a notification only when its transaction commits, to every listening
-- instance; the embedded database delivers it before the committing statement returns.
create function tollgate_auth_changed() returns trigger language plpgsql as $$
declare
  subject text;
begin
  if tg_level = 'STATEMENT' then
    subject := 'all'; -- TRUNCATE
  elsif tg_table_name = 'access_tokens' then
    -- lastUsed bookkeeping (and the updated_at that goes with an edit) decides nothing.
    if tg_op = 'UPDATE'
       and (to_jsonb(new) - 'last_used_at' - 'updated_at') = (to_jsonb(old) - 'last_used_at' - 'updated_at') then
      return null;
    end if;
    -- The member's entries: their token count changes with a create or a delete too.
    subject := 'member:' || coalesce(new.member_id, old.member_id);
  elsif tg_table_name = 'members' then
    subject := 'member:' || coalesce(new.id, old.id);
  elsif tg_table_name = 'member_custom_roles' then
    subject := 'member:' || coalesce(new.member_id, old.member_id);
  elsif tg_table_name in ('token_secrets', 'access_token_custom_roles') then
    subject := 'token:' || coalesce(new.token_id, old.token_id);
  else
    -- A custom role's policy can reach any member or token that holds it.
    subject := 'all';
  end if;
  perform pg_notify('tollgate_auth', subject);
  return null;
end $$;
--> statement-breakpoint
create trigger access_tokens_auth_changed after insert or update or delete on access_tokens
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger token_secrets_auth_changed after insert or update or delete on token_secrets
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger access_token_custom_roles_auth_changed after insert or update or delete on access_token_custom_roles
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger members_auth_changed after insert or update or delete on members
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger member_custom_roles_auth_changed after insert or update or delete on member_custom_roles
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger custom_roles_auth_changed after insert or update or delete on custom_roles
  for each row execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger access_tokens_auth_truncated after truncate on access_tokens
  for each statement execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger token_secrets_auth_truncated after truncate on token_secrets
  for each statement execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger access_token_custom_roles_auth_truncated after truncate on access_token_custom_roles
  for each statement execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger members_auth_truncated after truncate on members
  for each statement execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger member_custom_roles_auth_truncated after truncate on member_custom_roles
  for each statement execute function tollgate_auth_changed();
--> statement-breakpoint
create trigger custom_roles_auth_truncated after truncate on custom_roles
  for each statement execute function tollgate_auth_changed();
