// Arbitraries for property-based fuzzing of the doors (SECURITY.md, property 5): the shapes of bad
// input a hostile or broken client sends. Shared by tests/integration/fuzz-*.test.ts.
import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { database } from "@/db/client";
import { accessTokens, auditLog, customRoles, members, projects } from "@/db/schema";

/** Runs per property: modest by default (the suites run on two databases); raise with TOLLGATE_FUZZ_RUNS. */
export const FUZZ_RUNS = Number(process.env.TOLLGATE_FUZZ_RUNS ?? 40);
export const fuzzOptions = (runs = FUZZ_RUNS) => ({ numRuns: runs, endOnFailure: true }) as const;
/** Per test: the default minute, more for a long run (a run takes well under a second). */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 1_000);

/** Nesting deep enough to overflow a recursive walk (JSON.stringify fails near 10k), built as text. */
export const deepArrayJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
export const deepObjectJson = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

const SPECIAL_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\t\r\n",
  "\u001b[31mred\u001b[0m",
  "\u0085next line",
  "\u202Eevil\u202C", // right-to-left override
  "\u200B\u200D\uFEFF", // zero-width characters
  "e\u0301\u0301\u0301\u0301\u0301", // stacked combining marks
  "𝕏🦄👩‍👩‍👧‍👦", // astral plane, joiners
  "\uD800", // lone surrogates
  "\uDFFF\uD800",
  "%00%ff%",
  "../../etc/passwd",
  "*",
  "member/*:token/*",
  "'; drop table access_tokens; --",
  "__proto__",
  "constructor",
  "api-0000000000000000000000000000000000AAAA",
  "null",
  "true",
  "1e308",
  "NaN",
] as const;

/** Strings that break naive code: control characters, unicode oddities, very long ones. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom(101, 257, 1_001, 10_001, 100_001).chain((n) => fc.constantFrom("x", "é", "🦄", "\u0000").map((c) => c.repeat(n))),
);

/** Numbers at the edges of what JSON can carry (NaN and Infinity cannot: they become null). */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -(2 ** 63), 1e21, 20240415, 20240415.5, 99_999_999, 8.64e15 + 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A value of any JSON type, usually not the one a field expects. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Sometimes a plausible value, usually a hostile one. */
export const field = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 1, arbitrary: plausible }, { weight: 2, arbitrary: wrongType });
/** Usually a plausible value, sometimes a hostile one: for lists whose good entries must come first. */
export const mostly = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: wrongType });

const NOT_JSON = ["{", '{"name":', "[1,]", "\uFEFF{}", "{'name':'x'}", '{"name":"x"} trailing', "nul", "1e999", "", "   "];
/** Bodies as text: the expected shape with hostile values, any JSON at all, and text that is not JSON. */
export const rawBody = <T>(shape: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 5, arbitrary: shape.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.oneof(nastyString, fc.constantFrom(...NOT_JSON)) },
  );

const patchOperation = (paths: string[]) =>
  fc.record(
    {
      op: field(fc.constantFrom("add", "remove", "replace", "move", "copy", "test")),
      path: fc.oneof(fc.constantFrom(...paths), nastyString, wrongType),
      from: field(fc.constantFrom(...paths)),
      value: fc.oneof(wrongType, nastyPolicy, fc.constantFrom("reader", "owner", 20220603, "renamed")),
    },
    { requiredKeys: ["op", "path"] },
  );
export const patchBody = (paths: string[]) =>
  fc.oneof(
    fc.array(patchOperation(paths), { maxLength: 4 }),
    fc.record({ patch: fc.array(patchOperation(paths), { maxLength: 3 }), comment: field(fc.string()) }),
  );

const statement = fc.record(
  {
    effect: field(fc.constantFrom("allow", "deny")),
    actions: field(fc.array(fc.oneof(fc.constantFrom("*", "createProject", "createAccessToken"), nastyString), { maxLength: 3 })),
    notActions: field(fc.constant(["deleteProject"])),
    resources: field(fc.array(fc.oneof(fc.constantFrom("*", "proj/*", "service-token/*"), nastyString), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

/** Policies: plausible, malformed, or huge (many statements, huge lists, huge entries). */
export const nastyPolicy: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(statement, { maxLength: 3 }),
  fc.constant([{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }]),
  fc.constantFrom(51, 1_000).map((n) => Array.from({ length: n }, () => ({ effect: "allow", actions: ["*"], resources: ["*"] }))),
  fc.constantFrom(101, 20_000).map((n) => [{ effect: "allow", actions: Array.from({ length: n }, () => "createProject"), resources: ["*"] }]),
  fc.constant([{ effect: "allow", actions: ["*"], resources: ["proj/" + "a*".repeat(50_000)] }]),
  wrongType,
);

export interface WriteCounts {
  tokens: number;
  history: number;
  roles: number;
  projects: number;
  members: number;
}

/** Rows an account has, so a refused request can be shown to have written nothing. */
export async function countRows(accountId: string): Promise<WriteCounts> {
  const db = await database();
  const n = async (table: typeof accessTokens | typeof auditLog | typeof customRoles | typeof projects | typeof members) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.accountId, accountId));
    return row?.n ?? 0;
  };
  return { tokens: await n(accessTokens), history: await n(auditLog), roles: await n(customRoles), projects: await n(projects), members: await n(members) };
}
