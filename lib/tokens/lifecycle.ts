// Changing existing tokens: update, reset, delete. Each locks the token row first, so two
// changes to one token run one after the other, and writes one history entry with the change.
import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import { accessTokenCustomRoles, accessTokens, tokenSecrets } from "../../db/schema";
import {
  assertCouldHaveCreated,
  assertMayAct,
  assertMayGrant,
  assertNotFrozen,
  assertWithinCallerExpiry,
  tokenResource,
  writeAs,
  type Actor,
} from "../access";
import { diffFields, parseChangeComment, recordChange } from "../audit";
import { Invalid, NotFound } from "../errors";
import type { TokenAction } from "../policy";
import { assertCustomRolesInAccount } from "../roles";
import { findToken, findVisibleToken } from "./queries";
import type { RevealedToken, TokenView, UpdateTokenInput } from "./types";
import { parseOldSecretExpiry, parseUpdateInput } from "./validation";
import { factsOf, permissionForHistory, permissionOf } from "./views";
import { insertCurrentSecret } from "./write";

const ACTION_OF_FIELD: Record<string, TokenAction> = {
  name: "updateAccessTokenName",
  description: "updateAccessTokenDescription",
  permission: "updateAccessTokenPolicy",
  defaultApiVersion: "updateAccessTokenApiVersion",
  expiresAt: "updateAccessTokenExpiration",
};

function editableFields(token: TokenView) {
  return {
    name: token.name,
    description: token.description,
    permission: permissionForHistory(permissionOf(token)),
    defaultApiVersion: token.defaultApiVersion,
    expiresAt: token.expiresAt,
  };
}

/**
 * Changes the given fields. Each changed field needs its own action on the token (so a custom
 * role may allow renaming but not re-scoping); a field sent with its current value is no change
 * and needs nothing. A rename needs the action on the new name's resource as well, or a policy
 * that limits someone to tokens named "ci-*" could be escaped by renaming. An update that
 * changes nothing writes nothing, not even history.
 */
export async function updateAccessToken(actor: Actor, tokenId: string, input: UpdateTokenInput): Promise<TokenView> {
  return writeAs(actor, async (tx) => {
    const token = await findVisibleToken(tx, actor, tokenId, true);
    // An unchanged expiration that has meanwhile passed is not a new past date: forms send it back.
    // Compared before validation, so nothing here may assume the value is a Date, or that the
    // input is an object at all (a door may pass anything; validation below refuses it).
    const fields: Partial<Record<keyof UpdateTokenInput, unknown>> = typeof input === "object" && input !== null ? input : {};
    const given = fields.expiresAt;
    const sameExpiry =
      given !== undefined && (given instanceof Date ? given.getTime() : given) === (token.expiresAt?.getTime() ?? null);
    assertNotFrozen(factsOf(token));
    // The doors send a permission only when it changes. Whether the caller may change it is
    // decided before it is parsed: validating an inline policy costs CPU that a caller who may
    // not change it must not be able to spend. (A service token's is refused as fixed, below.)
    if (fields.permission !== undefined && !token.serviceToken) assertMayAct(actor, "updateAccessTokenPolicy", tokenResource(token));
    const valid = parseUpdateInput(sameExpiry ? { ...input, expiresAt: undefined } : input);
    const comment = parseChangeComment(fields.comment);
    const changes = diffFields(editableFields(token), {
      ...valid,
      permission: valid.permission && permissionForHistory(valid.permission),
    });
    if (Object.keys(changes).length === 0) return token;
    if (changes.permission && token.serviceToken) {
      throw new Invalid("A service token's permissions are fixed at creation", {
        permission: "A service token's permissions are fixed at creation",
      });
    }
    const resource = tokenResource(token);
    for (const field of Object.keys(changes)) {
      const action = ACTION_OF_FIELD[field];
      if (action) assertMayAct(actor, action, resource);
    }
    // Through an expiring token, no expiration may be removed or moved past that token's own.
    if (changes.expiresAt) assertWithinCallerExpiry(actor, valid.expiresAt ?? null);
    if (changes.name && valid.name !== undefined) {
      assertMayAct(actor, "updateAccessTokenName", tokenResource({ ...token, name: valid.name }));
    }
    const permission = changes.permission ? valid.permission : undefined;
    if (permission) {
      // The role ceiling applies to the new permission, whoever's token it is.
      assertMayGrant(actor, permission, token.serviceToken);
      if (permission.kind === "customRoles") await assertCustomRolesInAccount(tx, actor.accountId, permission.customRoleIds);
    }
    // Authentication caches: migration 0002 announces member:<id> (access_tokens, unless only updated_at changed) and token:<id> (custom-role links).
    const updated = await tx
      .update(accessTokens)
      .set({
        name: valid.name,
        description: valid.description,
        defaultApiVersion: valid.defaultApiVersion,
        expiresAt: valid.expiresAt,
        ...(permission && {
          permissionKind: permission.kind,
          role: permission.kind === "role" ? permission.role : null,
          inlineRole: permission.kind === "inline" ? permission.policy : null,
        }),
        updatedAt: new Date(),
      })
      .where(and(eq(accessTokens.accountId, actor.accountId), eq(accessTokens.id, token.id)))
      .returning({ id: accessTokens.id });
    if (updated.length === 0) throw new NotFound("No such token");
    if (permission) {
      await tx.delete(accessTokenCustomRoles).where(eq(accessTokenCustomRoles.tokenId, token.id));
      if (permission.kind === "customRoles") {
        await tx.insert(accessTokenCustomRoles).values(permission.customRoleIds.map((roleId) => ({ tokenId: token.id, roleId })));
      }
    }
    await recordChange(tx, {
      actor,
      action: "tokenUpdated",
      target: { kind: "token", id: token.id, name: valid.name ?? token.name },
      changes,
      comment,
    });
    return (await findToken(tx, actor.accountId, token.id)) ?? token;
  });
}

/**
 * Gives the token a new secret, returned once — so, besides `resetAccessToken` on the token, the
 * caller must be someone who could have created it (lib/access couldHaveCreated): an admin
 * may delete another member's token but not reset it, and nobody resets a token above their role.
 * Without a grace period every older secret stops working now. With one, the replaced secret —
 * and any still in an earlier grace period — keeps working until that moment at the latest, never
 * longer than it already would have. The token row lock makes concurrent resets take turns, so
 * exactly one current secret remains (the partial unique index token_secrets_current_idx would
 * refuse a second one anyway).
 */
export async function resetAccessToken(
  actor: Actor,
  tokenId: string,
  opts: { oldSecretExpiresAt?: Date | null } = {},
): Promise<RevealedToken> {
  const now = new Date();
  const graceUntil = parseOldSecretExpiry(opts.oldSecretExpiresAt, now);
  return writeAs(actor, async (tx) => {
    const token = await findVisibleToken(tx, actor, tokenId, true);
    assertNotFrozen(factsOf(token));
    assertMayAct(actor, "resetAccessToken", tokenResource(token));
    assertCouldHaveCreated(actor, factsOf(token), "reset");
    // Authentication caches: migration 0002's token_secrets trigger announces token:<id> for each secret changed here.
    if (graceUntil === null) {
      await tx.delete(tokenSecrets).where(eq(tokenSecrets.tokenId, token.id));
    } else {
      // Secrets whose grace already ended are dead weight; drop them while we are here.
      await tx.delete(tokenSecrets).where(and(eq(tokenSecrets.tokenId, token.id), lte(tokenSecrets.expiresAt, now)));
      await tx
        .update(tokenSecrets)
        .set({ expiresAt: graceUntil })
        .where(
          and(
            eq(tokenSecrets.tokenId, token.id),
            or(isNull(tokenSecrets.expiresAt), gt(tokenSecrets.expiresAt, graceUntil)),
          ),
        );
    }
    const secret = await insertCurrentSecret(tx, token.id);
    await tx
      .update(accessTokens)
      .set({ updatedAt: now })
      .where(and(eq(accessTokens.accountId, actor.accountId), eq(accessTokens.id, token.id)));
    await recordChange(tx, {
      actor,
      action: "tokenReset",
      target: { kind: "token", id: token.id, name: token.name },
      changes: { oldSecretExpiresAt: { before: null, after: graceUntil } },
    });
    const reset = await findToken(tx, actor.accountId, token.id);
    if (!reset) throw new NotFound("No such token");
    return { token: reset, secret };
  });
}

/**
 * Deletes the token for good: its secrets go with it (cascade), so it answers 401 from the next
 * request on. The history entry keeps its name, which is all that is left of it.
 */
export async function deleteAccessToken(actor: Actor, tokenId: string): Promise<void> {
  await writeAs(actor, async (tx) => {
    const token = await findVisibleToken(tx, actor, tokenId, true);
    assertMayAct(actor, "deleteAccessToken", tokenResource(token));
    // Authentication caches: migration 0002's access_tokens trigger announces member:<id>, the cascaded token_secrets rows token:<id>.
    const deleted = await tx
      .delete(accessTokens)
      .where(and(eq(accessTokens.accountId, actor.accountId), eq(accessTokens.id, token.id)))
      .returning({ id: accessTokens.id });
    if (deleted.length === 0) throw new NotFound("No such token");
    await recordChange(tx, {
      actor,
      action: "tokenDeleted",
      target: { kind: "token", id: token.id, name: token.name },
      changes: {},
    });
  });
}
