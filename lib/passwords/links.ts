// Set-password links: how a member chooses a password without anyone else ever knowing it. A link
// carries a random token; only its SHA-256 is stored, it works once, and it expires.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { database, type Db } from "../../db/client";
import { accounts, members, passwordLinks } from "../../db/schema";
import { recordChange } from "../audit/record";
import { env } from "../env";
import { NotFound } from "../errors";

export type PasswordLinkPurpose = "invite" | "reset";
export const PASSWORD_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** What the database keeps of a link's token. */
export function hashPasswordLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The page a link opens: `<public URL>/set-password/<token>`. */
export function passwordLinkUrl(token: string, publicUrl = env().publicUrl): string {
  return `${publicUrl.replace(/\/+$/, "")}/set-password/${token}`;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A new link for `memberId` (in the caller's transaction): 32 random bytes as base64url, of which
 * only the hash is stored. The member's earlier unused links die with it — one live link each, so
 * a link sent again replaces the one before. Returns the token: the caller hands it over once.
 */
export async function issuePasswordLink(tx: Tx, memberId: string, purpose: PasswordLinkPurpose, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_LIFETIME_MS);
  await tx.delete(passwordLinks).where(and(eq(passwordLinks.memberId, memberId), isNull(passwordLinks.usedAt)));
  await tx.insert(passwordLinks).values({ memberId, tokenHash: hashPasswordLinkToken(token), purpose, expiresAt, createdAt: now });
  return { token, expiresAt };
}

/**
 * The operator's recovery path for a locked-out member (`npm run admin -- reset-password`): a
 * reset link for the active member with this email address, recorded in change history as done
 * by Tollgate. One member only: an address that is a member of several accounts is refused.
 */
export async function createPasswordResetLink({ email }: { email: string }): Promise<{ url: string; expiresAt: Date }> {
  const address = email.trim().toLowerCase();
  const db = await database();
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ id: members.id, accountId: members.accountId, email: members.email })
      .from(members)
      .innerJoin(accounts, eq(accounts.id, members.accountId))
      .where(and(sql`lower(${members.email}) = ${address}`, isNull(members.removedAt)))
      .limit(2)
      .for("update", { of: members });
    const [member] = found;
    if (!member) throw new NotFound(`No member has the email address ${address}.`);
    if (found.length > 1) throw new NotFound(`${address} is a member of several accounts; reset the password in the console instead.`);
    const { token, expiresAt } = await issuePasswordLink(tx, member.id, "reset");
    await recordChange(tx, {
      actor: { kind: "system", accountId: member.accountId, memberId: null, displayName: "Tollgate", ip: null },
      action: "passwordResetLinkCreated",
      target: { kind: "member", id: member.id, name: member.email },
      changes: { expiresAt: { before: null, after: expiresAt.toISOString() }, via: { before: null, after: "command line" } },
    });
    return { url: passwordLinkUrl(token), expiresAt };
  });
}
