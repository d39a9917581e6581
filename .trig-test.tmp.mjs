import { PGlite } from "@electric-sql/pglite";
const db = await PGlite.create("memory://");
await db.exec(`
create table accounts (id text primary key);
create table audit_log (id text primary key, account_id text not null references accounts(id) on delete cascade, action text);
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from accounts where id = old.account_id) then return old; end if;
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger t before update or delete on audit_log for each row execute function audit_log_append_only();
insert into accounts values ('a'); insert into audit_log values ('1','a','x');`);
for (const q of ["update audit_log set action='y'", "delete from audit_log", "delete from accounts where id='a'", "select count(*) from audit_log"]) {
  try { console.log(q, JSON.stringify((await db.query(q)).rows)); } catch (e) { console.log(q, "->", e.message, e.code); }
}
