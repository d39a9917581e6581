import { testDatabaseKind } from "../helpers/env";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { tokenSecrets } from "@/db/schema";
import { LimitReached } from "@/lib/errors";
import { hashTokenSecret } from "@/lib/secrets";
import { cloneAccessToken, createAccessToken, resetAccessToken, serviceTokenUsage } from "@/lib/tokens";
import { createTestAccount } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";

afterAll(() => closeDatabase());

describe(`under concurrency (${testDatabaseKind})`, () => {
  it("lets exactly one of 50 simultaneous service-token creations take the last place", async () => {
    const limit = 5;
    const a = await createTestAccount({ serviceTokenLimit: limit });
    for (let i = 0; i < limit - 1; i++) {
      await createAccessToken(a.admin, { name: `existing ${i}`, serviceToken: true, permission: reader });
    }
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        createAccessToken(i % 2 ? a.admin : a.owner, { name: `racer ${i}`, serviceToken: true, permission: reader }),
      ),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(49);
    for (const reason of rejected) expect(reason).toBeInstanceOf(LimitReached);
    expect(await serviceTokenUsage(a.admin)).toEqual({ used: limit, limit });
  });

  it("counts clones of service tokens against the limit, and personal tokens not at all", async () => {
    const a = await createTestAccount({ serviceTokenLimit: 2 });
    const { token } = await createAccessToken(a.admin, { name: "deploy", serviceToken: true, permission: reader });
    await cloneAccessToken(a.admin, token.id);
    await expect(cloneAccessToken(a.admin, token.id)).rejects.toBeInstanceOf(LimitReached);
    await expect(createAccessToken(a.admin, { name: "one more", serviceToken: true, permission: reader })).rejects.toMatchObject({
      kind: "limit_reached",
      message: expect.stringContaining("limit of 2 service tokens"),
    });
    await expect(createAccessToken(a.admin, { name: "personal", permission: reader })).resolves.toBeDefined();
  });

  it("leaves exactly one current secret after 10 simultaneous resets", async () => {
    const a = await createTestAccount();
    const { token } = await createAccessToken(a.writer, { name: "contended", permission: reader });
    const results = await Promise.all(Array.from({ length: 10 }, () => resetAccessToken(a.writer, token.id)));
    const db = await database();
    const current = await db
      .select({ hash: tokenSecrets.hash })
      .from(tokenSecrets)
      .where(and(eq(tokenSecrets.tokenId, token.id), isNull(tokenSecrets.expiresAt)));
    expect(current).toHaveLength(1);
    // The survivor is the secret of whichever reset committed last; no other secret remains.
    expect(results.map((r) => hashTokenSecret(r.secret))).toContain(current[0]!.hash);
    const all = await db.select({ hash: tokenSecrets.hash }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, token.id));
    expect(all).toEqual(current);
  });

  it("keeps one current secret when simultaneous resets keep old ones alive", async () => {
    const a = await createTestAccount();
    const { token } = await createAccessToken(a.writer, { name: "graceful", permission: reader });
    const until = new Date(Date.now() + 3600_000);
    await Promise.all(Array.from({ length: 10 }, () => resetAccessToken(a.writer, token.id, { oldSecretExpiresAt: until })));
    const db = await database();
    const rows = await db.select({ expiresAt: tokenSecrets.expiresAt }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, token.id));
    expect(rows).toHaveLength(11);
    expect(rows.filter((r) => r.expiresAt === null)).toHaveLength(1);
  });

  it("gives simultaneous clones distinct copy names", async () => {
    const a = await createTestAccount();
    const { token } = await createAccessToken(a.writer, { name: "source", permission: reader });
    const clones = await Promise.all(Array.from({ length: 5 }, () => cloneAccessToken(a.writer, token.id)));
    expect(clones.map((c) => c.token.name).sort()).toEqual([
      "source (copy 2)",
      "source (copy 3)",
      "source (copy 4)",
      "source (copy 5)",
      "source (copy)",
    ]);
  });
});
