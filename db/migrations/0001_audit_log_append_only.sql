-- Change history is append-only (SPEC §2): no door updates or deletes an entry, and this trigger
-- makes the database refuse it too — a bug or injected SQL cannot rewrite history. Deleting a
-- whole account still cascades to its entries.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from accounts where id = old.account_id) then
    return old;
  end if;
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
--> statement-breakpoint
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
--> statement-breakpoint
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
