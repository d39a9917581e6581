-- The API answers an account's token list from memory too (lib/changes/account-cache.ts). Besides
-- whose authentication a change makes stale (`token:<id>`, `member:<id>`, `all`: migration 0002),
-- the same triggers now also tell which account's lists it changes: `account:<id>`, for every
-- committed change to a row a token list shows (the token, including its lastUsed; its current
-- secret's ending; its custom roles; its member). PostgreSQL sends identical payloads of one
-- transaction once, so a bulk change costs one notification per account.
create or replace function tollgate_auth_changed() returns trigger language plpgsql as $$
declare
  subject text;
  account text;
begin
  if tg_level = 'STATEMENT' then
    perform pg_notify('tollgate_auth', 'all'); -- TRUNCATE
    return null;
  end if;

  if tg_table_name in ('access_tokens', 'members', 'custom_roles') then
    account := coalesce(new.account_id, old.account_id);
  elsif tg_table_name in ('token_secrets', 'access_token_custom_roles') then
    -- Gone with its token (a cascade): the token's own row announces the change.
    select t.account_id into account from access_tokens t where t.id = coalesce(new.token_id, old.token_id);
  elsif tg_table_name = 'member_custom_roles' then
    select m.account_id into account from members m where m.id = coalesce(new.member_id, old.member_id);
  end if;
  if account is not null then
    perform pg_notify('tollgate_auth', 'account:' || account);
  end if;

  if tg_table_name = 'access_tokens' then
    -- lastUsed bookkeeping (and the updated_at that goes with an edit) decides no authentication.
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
