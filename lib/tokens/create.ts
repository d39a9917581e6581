// Creating tokens: create and clone (a clone is a creation, so the same rules apply).
import { and, eq, like } from "drizzle-orm";
import { accessTokenCustomRoles, accessTokens } from "../../db/schema";
import { likePrefix } from "../../db/sql";
import type { Tx } from "../../db/tx";
import { assertCouldHaveCreated, assertMayClone, assertMayCreateAt, cloneExpiry, writeAs, type Actor } from "../access";
import { diffFields, recordChange, type AuditChanges } from "../audit";
import { Conflict, Invalid } from "../errors";
import { assertCustomRolesInAccount } from "../roles";
import { findToken, findVisibleToken } from "./queries";
import type { CreateTokenInput, RevealedToken, TokenView } from "./types";
import { NAME_MAX_LENGTH, parseCreateFields, parseCreateInput, parsePermission, tokenNameSchema, type ValidCreateInput } from "./validation";
import { factsOf, permissionForHistory, permissionOf } from "./views";
import { assertServiceTokenQuota, insertCurrentSecret } from "./write";

/** The token is the actor's own (personal) or the account's (service), so it is checked as theirs. */
function assertMayCreate(actor: Actor, valid: ValidCreateInput): void {
  assertCouldHaveCreated(actor, { ...valid, memberId: actor.memberId }, "create");
}

async function insertToken(
  tx: Tx,
  actor: Actor,
  valid: ValidCreateInput,
  action: "tokenCreated" | "tokenCloned",
  extraChanges: AuditChanges = {},
): Promise<RevealedToken> {
  if (valid.serviceToken) await assertServiceTokenQuota(tx, actor.accountId);
  const p = valid.permission;
  if (p.kind === "customRoles") await assertCustomRolesInAccount(tx, actor.accountId, p.customRoleIds);
  // Authentication caches: migration 0002 announces member:<id> (the member's token count) and token:<id> (the secret).
  const [row] = await tx
    .insert(accessTokens)
    .values({
      accountId: actor.accountId,
      // A token always belongs to whoever creates it; nobody mints a token in someone else's name.
      memberId: actor.memberId,
      name: valid.name,
      description: valid.description,
      permissionKind: p.kind,
      role: p.kind === "role" ? p.role : null,
      inlineRole: p.kind === "inline" ? p.policy : null,
      serviceToken: valid.serviceToken,
      defaultApiVersion: valid.defaultApiVersion,
      expiresAt: valid.expiresAt,
    })
    .returning({ id: accessTokens.id });
  if (!row) throw new Error("The token was not stored");
  if (p.kind === "customRoles") {
    await tx.insert(accessTokenCustomRoles).values(p.customRoleIds.map((roleId) => ({ tokenId: row.id, roleId })));
  }
  const secret = await insertCurrentSecret(tx, row.id);
  const { permission, ...fields } = valid;
  await recordChange(tx, {
    actor,
    action,
    target: { kind: "token", id: row.id, name: valid.name },
    changes: { ...diffFields({}, { ...fields, permission: permissionForHistory(permission) }), ...extraChanges },
  });
  const token = await findToken(tx, actor.accountId, row.id);
  if (!token) throw new Error("The stored token could not be read back");
  return { token, secret };
}

/**
 * Creates a token for the actor and returns it with its secret: the only time the secret is
 * ever available. Personal tokens need `createAccessToken` on member/<me>:token/<name>, service
 * tokens on service-token/<name> (admins and owners by default) plus a free place in the quota.
 */
export async function createAccessToken(actor: Actor, input: CreateTokenInput): Promise<RevealedToken> {
  // Whether the actor may create a token of this name and type is decided before its permission
  // is parsed: an inline policy costs CPU to validate, and a caller who may not create the token
  // must not be able to spend it.
  const fields = parseCreateFields(input);
  assertMayCreateAt(actor, fields);
  const valid = { ...fields, permission: parsePermission(input.permission) };
  assertMayCreate(actor, valid);
  return writeAs(actor, (tx) => insertToken(tx, actor, valid, "tokenCreated"));
}

const copySuffix = (n: number) => (n === 1 ? " (copy)" : ` (copy ${n})`);

function copyName(base: string, n: number): string {
  const suffix = copySuffix(n);
  return base.slice(0, NAME_MAX_LENGTH - suffix.length).trimEnd() + suffix;
}

/** "<name> (copy)", else "(copy 2)", "(copy 3)"… — the first not taken where the clone will live. */
async function freeCopyName(tx: Tx, actor: Actor, source: TokenView): Promise<string> {
  const scope = source.serviceToken
    ? eq(accessTokens.serviceToken, true)
    : and(eq(accessTokens.serviceToken, false), eq(accessTokens.memberId, actor.memberId));
  // Copy names of a long name are truncated, so match on a prefix every candidate shares.
  const stem = source.name.slice(0, NAME_MAX_LENGTH - copySuffix(99_999).length).trimEnd();
  const rows = await tx
    .select({ name: accessTokens.name })
    .from(accessTokens)
    .where(and(eq(accessTokens.accountId, actor.accountId), scope, like(accessTokens.name, likePrefix(stem))));
  const taken = new Set(rows.map((r) => r.name));
  for (let n = 1; ; n++) {
    const candidate = copyName(source.name, n);
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Cloning is creating (lib/access assertMayClone, then the reveal rule as for a create).
 * Description, permission (custom roles included), type and API version are copied;
 * the expiration too while it lies in the future (else the clone has none); the secret never.
 */
export async function cloneAccessToken(actor: Actor, tokenId: string, opts: { name?: string } = {}): Promise<RevealedToken> {
  let chosenName: string | null = null;
  if (opts.name !== undefined) {
    const parsed = tokenNameSchema.safeParse(opts.name);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Invalid name";
      throw new Invalid(message, { name: message });
    }
    chosenName = parsed.data;
  }
  // Two clones at once may pick the same free name; the loser simply picks the next one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeAs(actor, async (tx) => {
        const source = await findVisibleToken(tx, actor, tokenId);
        assertMayClone(actor, factsOf(source));
        const now = new Date();
        const valid = parseCreateInput(
          {
            name: chosenName ?? (await freeCopyName(tx, actor, source)),
            description: source.description,
            permission: permissionOf(source),
            serviceToken: source.serviceToken,
            defaultApiVersion: source.defaultApiVersion,
            expiresAt: cloneExpiry(source, now),
          },
          now,
        );
        assertMayCreate(actor, valid);
        return insertToken(tx, actor, valid, "tokenCloned", {
          clonedFrom: { before: null, after: { id: source.id, name: source.name } },
        });
      });
    } catch (error) {
      const retry = chosenName === null && attempt < 5 && error instanceof Conflict && error.fieldErrors?.name !== undefined;
      if (!retry) throw error;
    }
  }
}
