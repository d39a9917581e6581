// Whether Tollgate has been set up (an account exists), and the setup code of a fresh instance.
import { like, sql } from "drizzle-orm";
import { database, queryRows, type Db } from "../../db/client";
import { settings } from "../../db/schema";
import { generateSetupCode, hashSetupCode } from "./code";

/** Settings rows holding one setup code's hash each: `setup_code:<random id>`, one per start. */
export const SETUP_CODE_PREFIX = "setup_code:";

const SET_UP = Symbol.for("tollgate.setUp");
const ANNOUNCED = Symbol.for("tollgate.setupCodeAnnounced");
type Holder = { [SET_UP]?: true; [ANNOUNCED]?: Promise<void> };
const holder = globalThis as Holder;

/** Whether any account exists, read inside a transaction (or from the database). */
export async function accountExists(db: Pick<Db, "execute">): Promise<boolean> {
  const [row] = await queryRows<{ exists: boolean }>(db as Db, sql`select exists (select 1 from accounts) as "exists"`);
  return row?.exists === true;
}

/**
 * Whether the console's pages are open (an account exists) or lead to /setup. No door deletes
 * an account, so once true it is remembered by the process and costs no query again.
 */
export async function isSetUp(): Promise<boolean> {
  if (holder[SET_UP]) return true;
  const exists = await accountExists(await database());
  if (exists) holder[SET_UP] = true;
  return exists;
}

/** What the log says of a new setup code: the code once, and where to enter it. */
export function setupCodeLine(code: string, publicUrl: string): string {
  return `Setup code: ${code} — enter it at ${publicUrl.replace(/\/+$/, "")}/setup to create the first account (it works once).`;
}

/**
 * On a fresh database, draws this process's setup code, stores its hash and prints the code once.
 * Runs once per process — server.ts calls it at start, and the /setup page too, for `next dev`,
 * which has no server.ts; the process-wide flag makes the second call a no-op (the two bundles
 * each load this module). Every start draws a new code; the codes of every instance sharing the
 * database work on all of them (behind a load balancer the form may reach another one), until
 * the first account exists.
 */
export function announceSetupCode(publicUrl: string, print: (line: string) => void = console.warn): Promise<void> {
  holder[ANNOUNCED] ??= (async () => {
    const db = await database();
    if (await accountExists(db)) return;
    const code = generateSetupCode();
    await db.insert(settings).values({ key: `${SETUP_CODE_PREFIX}${randomKey()}`, value: hashSetupCode(code) });
    print(setupCodeLine(code, publicUrl));
  })();
  const pending = holder[ANNOUNCED];
  pending.catch(() => {
    if (holder[ANNOUNCED] === pending) delete holder[ANNOUNCED];
  });
  return pending;
}

const randomKey = () => globalThis.crypto.randomUUID();

/** The stored hashes of every live setup code. */
export async function storedSetupCodeHashes(db: Pick<Db, "select">): Promise<string[]> {
  const rows = await db.select({ value: settings.value }).from(settings).where(like(settings.key, `${SETUP_CODE_PREFIX}%`));
  return rows.map((row) => row.value);
}

/** Forgets what this process remembered (tests that switch databases). */
export function forgetSetupState(): void {
  delete holder[SET_UP];
  delete holder[ANNOUNCED];
}
