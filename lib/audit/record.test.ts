import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { generateTokenSecret } from "../secrets";
import { memberActor } from "@/tests/helpers/test-actors";
import { diffFields, recordChange, SecretInHistoryError, type AuditWriter } from "./record";

function recorder() {
  const rows: unknown[] = [];
  const writer = { insert: () => ({ values: async (row: unknown) => void rows.push(row) }) } as unknown as AuditWriter;
  return { rows, writer };
}

const target = { kind: "token" as const, id: "t1", name: "CI" };

describe("recordChange", () => {
  it("writes the actor, target and changes", async () => {
    const { rows, writer } = recorder();
    const actor = { ...memberActor("admin"), ip: "198.51.100.4" };
    await recordChange(writer, { actor, action: "tokenUpdated", target, changes: { name: { before: "a", after: "b" } } });
    expect(rows).toEqual([
      expect.objectContaining({
        accountId: actor.accountId,
        actorKind: "member",
        actorMemberId: actor.memberId,
        actorTokenId: null,
        actorName: actor.displayName,
        action: "tokenUpdated",
        targetId: "t1",
        targetName: "CI",
        changes: { name: { before: "a", after: "b" } },
        ip: "198.51.100.4",
      }),
    ]);
  });

  it.each(["token", "secret", "hash", "Secret", "tokenHash", "newSecret", "passwordHash"])(
    "refuses a field named %s",
    async (field) => {
      const { rows, writer } = recorder();
      const attempt = recordChange(writer, { actor: memberActor("owner"), action: "tokenUpdated", target, changes: { [field]: { before: null, after: "x" } } });
      await expect(attempt).rejects.toThrow(SecretInHistoryError);
      expect(rows).toHaveLength(0);
    },
  );

  it("accepts fields that are about a secret rather than one", async () => {
    const { rows, writer } = recorder();
    await recordChange(writer, {
      actor: memberActor("owner"),
      action: "tokenReset",
      target,
      changes: { oldSecretExpiresAt: { before: null, after: null }, serviceToken: { before: null, after: true } },
    });
    expect(rows).toHaveLength(1);
  });

  it("refuses a token secret anywhere in the entry, without repeating it", async () => {
    const secret = generateTokenSecret();
    const { writer } = recorder();
    const actor = memberActor("owner");
    const attempts = [
      recordChange(writer, { actor, action: "tokenUpdated", target, changes: { note: { before: null, after: { deep: [`x${secret}`] } } } }),
      recordChange(writer, { actor, action: "tokenUpdated", target: { ...target, name: secret } }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretInHistoryError);
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it("does not mistake ordinary text that starts with api- for a secret", async () => {
    const { rows, writer } = recorder();
    const name = "api-productionserviceaccountforbillingteam";
    await recordChange(writer, { actor: memberActor("owner"), action: "tokenUpdated", target: { ...target, name } });
    expect(rows).toHaveLength(1);
  });
});

describe("diffFields", () => {
  it("keeps only changed fields, comparing dates and arrays by value", () => {
    const at = new Date("2025-01-01T00:00:00Z");
    expect(
      diffFields(
        { name: "a", expiresAt: at, roles: ["x"], description: "" },
        { name: "b", expiresAt: new Date(at), roles: ["x"], description: undefined },
      ),
    ).toEqual({ name: { before: "a", after: "b" } });
  });

  it("ignores the order of object keys (jsonb reorders them)", () => {
    const submitted = { effect: "allow", notActions: ["deleteProject"], resources: ["*"] };
    const stored = { effect: "allow", resources: ["*"], notActions: ["deleteProject"] };
    expect(diffFields({ policy: [stored] }, { policy: [submitted] })).toEqual({});
  });

  it("treats a missing before as null", () => {
    expect(diffFields({}, { name: "a", expiresAt: null })).toEqual({ name: { before: null, after: "a" } });
  });
});

// Type-only guard: a real database is an AuditWriter.
export type DbIsWriter = Db extends AuditWriter ? true : never;
