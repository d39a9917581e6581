import { describe, expect, it } from "vitest";
import { uniqueViolation, withoutQueryDetails } from "./driver";

// The shapes drizzle 0.45 produces: a DrizzleQueryError whose message lists the parameters and
// whose cause is the driver's error (pg and PGlite alike carry code, constraint and detail).
const HASH = "ab".repeat(32);
function drizzleError(code: string, constraint?: string) {
  const driver = Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), {
    code,
    constraint,
    detail: `Key (hash)=(${HASH}) already exists.`,
  });
  return Object.assign(new Error(`Failed query: insert into "token_secrets" ...\nparams: t1,${HASH},abcd`), { cause: driver });
}

describe("uniqueViolation", () => {
  it("names the violated index through drizzle's wrapper", () => {
    expect(uniqueViolation(drizzleError("23505", "access_tokens_service_name_idx"))).toBe("access_tokens_service_name_idx");
  });

  it("is null for other errors", () => {
    expect(uniqueViolation(drizzleError("23503", "fk"))).toBeNull();
    expect(uniqueViolation(new Error("boom"))).toBeNull();
    expect(uniqueViolation(null)).toBeNull();
  });
});

describe("withoutQueryDetails", () => {
  it("keeps the driver's message and code but drops the parameters and detail that hold the hash", () => {
    const clean = withoutQueryDetails(drizzleError("23505", "token_secrets_hash_idx"));
    expect(clean.message).toBe('duplicate key value violates unique constraint "token_secrets_hash_idx"');
    expect((clean as Error & { code?: string }).code).toBe("23505");
    expect(JSON.stringify({ ...clean, message: clean.message, stack: clean.stack })).not.toContain(HASH);
  });

  it("keeps a connection failure recognisable", () => {
    const lost = withoutQueryDetails(Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" }) }));
    expect(lost).toMatchObject({ message: "Connection terminated unexpectedly", code: "ECONNRESET" });
  });
});
