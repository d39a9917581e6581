import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { database } from "../../db/client";
import { settings } from "../../db/schema";
import { env } from "../env";

const SETTING = "auth_secret";
const KEY = Symbol.for("tollgate.authSecret");
type Holder = { [KEY]?: Promise<string> };

/**
 * AUTH_SECRET when configured; otherwise one generated on first start and stored in the database,
 * so a newcomer configures nothing and every instance on one PostgreSQL signs sessions alike.
 */
export function authSecret(): Promise<string> {
  const configured = env().authSecret;
  if (configured) return Promise.resolve(configured);
  const holder = globalThis as Holder;
  const pending = (holder[KEY] ??= loadOrCreate());
  pending.catch(() => {
    if (holder[KEY] === pending) delete holder[KEY];
  });
  return pending;
}

async function loadOrCreate(): Promise<string> {
  const db = await database();
  // Insert-if-absent then read: when two instances race, both end up with the first one's value.
  await db
    .insert(settings)
    .values({ key: SETTING, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING));
  if (!row) throw new Error("the generated auth secret could not be stored");
  return row.value;
}
