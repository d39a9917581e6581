// Building blocks shared by the token mutations (create.ts, lifecycle.ts). Everything here runs
// inside the caller's transaction.
import type { Reader, Tx } from "../../db/tx";
import { accessTokens, accounts, tokenSecrets } from "../../db/schema";
import { and, count, eq } from "drizzle-orm";
import { LimitReached, NotFound, withoutQueryDetails } from "../errors";
import { generateTokenSecret, hashTokenSecret, tokenEnding } from "../secrets";

/**
 * The account's service tokens: how many exist and how many may. The limit is the account's own
 * column: new accounts get TOLLGATE_SERVICE_TOKEN_LIMIT (default 200) when they are created; a
 * per-account value lets an operator raise one account's quota without touching the others, as
 * LaunchDarkly does "upon request".
 *
 * With `lock`, the account row is held until the transaction ends, so concurrent service-token
 * creations count one after another and the limit cannot be overshot. NO KEY UPDATE rather than
 * UPDATE: it still serialises these transactions, but does not block the key-share locks that
 * every other insert referencing the account takes for its foreign key.
 */
export async function serviceTokenQuota(db: Reader, accountId: string, lock = false): Promise<{ used: number; limit: number }> {
  const query = db.select({ limit: accounts.serviceTokenLimit }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  const [account] = lock ? await query.for("no key update") : await query;
  if (!account) throw new NotFound("No such account");
  const [used] = await db
    .select({ n: count() })
    .from(accessTokens)
    .where(and(eq(accessTokens.accountId, accountId), eq(accessTokens.serviceToken, true)));
  return { used: used?.n ?? 0, limit: account.limit };
}

export async function assertServiceTokenQuota(tx: Tx, accountId: string): Promise<void> {
  const { used, limit } = await serviceTokenQuota(tx, accountId, true);
  if (used >= limit) {
    throw new LimitReached(`This account has reached its limit of ${limit} service tokens; delete one before creating another`);
  }
}

/**
 * Stores a new current secret for the token and returns the plaintext — the only time it
 * exists outside the caller's hands. Only its hash and last four characters are written.
 */
export async function insertCurrentSecret(tx: Tx, tokenId: string): Promise<string> {
  const secret = generateTokenSecret();
  try {
    await tx.insert(tokenSecrets).values({ tokenId, hash: hashTokenSecret(secret), ending: tokenEnding(secret) });
  } catch (error) {
    throw withoutQueryDetails(error);
  }
  return secret;
}
