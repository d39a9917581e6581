// The one way anything in this process writes in a transaction (lib/access writeAs adds the
// caller's credential check on top). Three things every write shares live here and only here:
// deadlock retries, which unique index means which conflict, and what runs when a transaction ends.
import { Conflict, isRetryable, uniqueViolation } from "../lib/errors";
import { database, type Db } from "./client";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** The database or a transaction: anything that can select. */
export type Reader = { select: Db["select"] };

/**
 * What a duplicate means, per unique index: the field a form shows it on and the message. A
 * check-then-insert would race with a concurrent write; the index decides, and this says how.
 * (The email index is answered by lib/members/invite.ts, which also has to keep the password
 * hash out of the driver's message.)
 */
const UNIQUE_INDEXES: Record<string, { field: string; message: string }> = {
  access_tokens_personal_name_idx: { field: "name", message: "This member already has a personal token with that name" },
  access_tokens_service_name_idx: { field: "name", message: "A service token with that name already exists" },
  custom_roles_account_key_idx: { field: "key", message: "A role with this key already exists" },
  projects_account_key_idx: { field: "key", message: "A project with that key already exists" },
};

const ATTEMPTS = 3;
const HOOKS = Symbol.for("tollgate.afterTransaction");
type Holder = { [HOOKS]?: Set<() => void> };
// Per process, not per bundle: the custom server's bundle and Next's each load this file.
const afterEnd = ((globalThis as Holder)[HOOKS] ??= new Set());

/**
 * Registers `hook` to run each time a transaction of this process ends, committed or not, before
 * its caller continues; returns the unsubscribe. The change feed subscribes here
 * (lib/changes/feed.ts): what this instance just changed is never answered from its own caches,
 * without waiting for the change's notification to come back.
 */
export function onTransactionEnd(hook: () => void): () => void {
  afterEnd.add(hook);
  return () => afterEnd.delete(hook);
}

async function runOnce<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(fn);
  } finally {
    for (const hook of afterEnd) hook();
  }
}

/**
 * Runs `fn` in one transaction. A deadlock or serialisation failure (PostgreSQL rolled it all
 * back) runs it again, and should that persist the caller is told to try again (Conflict) rather
 * than shown an internal error; a duplicate on a known unique index becomes a Conflict on its field.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await database();
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(db, fn);
    } catch (error) {
      const duplicate = UNIQUE_INDEXES[uniqueViolation(error) ?? ""];
      if (duplicate) throw new Conflict(duplicate.message, { [duplicate.field]: duplicate.message });
      if (!isRetryable(error)) throw error;
      if (attempt >= ATTEMPTS) throw new Conflict("This was changed at the same time by another request; please try again");
    }
  }
}
