import { beforeEach, describe, expect, it, vi } from "vitest";
import { Conflict } from "../errors";
import { memberActor } from "@/tests/helpers/test-actors";

// The write transaction's handling (db/tx.ts) of PostgreSQL's deadlock (40P01) and serialisation (40001)
// failures, with a stand-in database: the transaction is run again, and a failure that persists
// is a Conflict ("try again"), never an internal error. The credential check itself is proved
// against real databases in tests/integration/stale-actor.test.ts.
const attempts = { failures: [] as unknown[], runs: 0 };

vi.mock("../../db/client", () => {
  // Just enough of a transaction for the member check: select … from … where … limit → the member's row.
  const row = [{ role: "writer" }];
  const chain = { from: () => chain, where: () => chain, limit: async () => row };
  const tx = { select: () => chain };
  return {
    database: async () => ({
      transaction: async (fn: (t: typeof tx) => Promise<unknown>) => {
        attempts.runs++;
        const failure = attempts.failures.shift();
        if (failure) throw failure;
        return fn(tx);
      },
    }),
  };
});

const { writeAs } = await import("./still-current");
const actor = memberActor("writer");
const pgError = (code: string) => Object.assign(new Error("deadlock detected"), { code });

beforeEach(() => {
  attempts.failures = [];
  attempts.runs = 0;
});

describe("writeAs", () => {
  it("runs the transaction again after a deadlock or a serialisation failure", async () => {
    attempts.failures = [pgError("40P01"), { cause: pgError("40001") }];
    await expect(writeAs(actor, async () => "done")).resolves.toBe("done");
    expect(attempts.runs).toBe(3);
  });

  it("answers a deadlock that persists with Conflict, not an internal error", async () => {
    attempts.failures = [pgError("40P01"), pgError("40P01"), pgError("40P01"), pgError("40P01")];
    await expect(writeAs(actor, async () => "done")).rejects.toBeInstanceOf(Conflict);
    expect(attempts.runs).toBe(3);
  });

  it("passes any other failure through at once", async () => {
    const other = pgError("23505");
    attempts.failures = [other];
    await expect(writeAs(actor, async () => "done")).rejects.toBe(other);
    expect(attempts.runs).toBe(1);
  });
});
