import { describe, expect, it } from "vitest";
import { likeContains } from "../../db/sql";
import { Invalid } from "../errors";
import { CURRENT_API_VERSION } from "./api-versions";
import { generateTokenSecret } from "../secrets";
import {
  MAX_EXPIRY_DAYS,
  parseCreateInput,
  parseListQuery,
  parseOldSecretExpiry,
  parsePermission,
  parseUpdateInput,
} from "./validation";
import type { CreateTokenInput } from "./types";

const NOW = new Date("2025-06-01T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const base: CreateTokenInput = { name: "CI", permission: { kind: "role", role: "reader" } };

function invalid(run: () => unknown): Invalid {
  try {
    run();
  } catch (error) {
    if (error instanceof Invalid) return error;
    throw error;
  }
  throw new Error("expected Invalid");
}

describe("parseCreateInput", () => {
  it("fills in the defaults: no description, personal, newest API version, no expiry", () => {
    expect(parseCreateInput(base, NOW)).toEqual({
      name: "CI",
      description: "",
      permission: { kind: "role", role: "reader" },
      serviceToken: false,
      defaultApiVersion: CURRENT_API_VERSION,
      expiresAt: null,
    });
  });

  it("names a token created without a name, differently each time, but refuses an empty name", () => {
    const first = parseCreateInput({ permission: base.permission }, NOW).name;
    const second = parseCreateInput({ permission: base.permission }, NOW).name;
    expect(first).toMatch(/^Unnamed token [0-9a-f]{8}$/);
    expect(second).not.toBe(first);
    expect(invalid(() => parseCreateInput({ ...base, name: "" }, NOW)).fieldErrors).toHaveProperty("name");
  });

  it("trims the name and description", () => {
    const valid = parseCreateInput({ ...base, name: "  deploy bot ", description: " for CI \n" }, NOW);
    expect(valid.name).toBe("deploy bot");
    expect(valid.description).toBe("for CI");
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["101 characters", "x".repeat(101)],
    ["a control character", "bad\u0007name"],
    ["a line break", "two\nlines"],
  ])("refuses a name that is %s, on the name field", (_, name) => {
    expect(invalid(() => parseCreateInput({ ...base, name }, NOW)).fieldErrors).toHaveProperty("name");
  });

  it("accepts a 100-character name", () => {
    expect(parseCreateInput({ ...base, name: "x".repeat(100) }, NOW).name).toHaveLength(100);
  });

  it("refuses a name or description that contains a token secret", () => {
    const secret = generateTokenSecret();
    expect(invalid(() => parseCreateInput({ ...base, name: `ci ${secret}` }, NOW)).fieldErrors).toHaveProperty("name");
    expect(invalid(() => parseCreateInput({ ...base, description: secret }, NOW)).fieldErrors).toHaveProperty("description");
  });

  it("allows multi-line descriptions up to 1000 characters", () => {
    expect(parseCreateInput({ ...base, description: "a\nb\tc" }, NOW).description).toBe("a\nb\tc");
    expect(invalid(() => parseCreateInput({ ...base, description: "x".repeat(1001) }, NOW)).fieldErrors).toHaveProperty(
      "description",
    );
  });

  it("refuses an unknown API version", () => {
    const input = { ...base, defaultApiVersion: 20200101 } as unknown as CreateTokenInput;
    expect(invalid(() => parseCreateInput(input, NOW)).fieldErrors).toHaveProperty("defaultApiVersion");
  });

  it("requires an expiration date in the future and at most a year ahead", () => {
    expect(invalid(() => parseCreateInput({ ...base, expiresAt: NOW }, NOW)).fieldErrors?.expiresAt).toMatch(/future/);
    const tooFar = new Date(NOW.getTime() + (MAX_EXPIRY_DAYS + 1) * DAY);
    expect(invalid(() => parseCreateInput({ ...base, expiresAt: tooFar }, NOW)).fieldErrors?.expiresAt).toMatch(/366 days/);
    const inAYear = new Date(NOW.getTime() + 365 * DAY);
    expect(parseCreateInput({ ...base, expiresAt: inAYear }, NOW).expiresAt).toEqual(inAYear);
    expect(invalid(() => parseCreateInput({ ...base, expiresAt: new Date("nope") }, NOW)).fieldErrors).toHaveProperty(
      "expiresAt",
    );
  });
});

describe("parsePermission", () => {
  it("accepts the four built-in roles only", () => {
    expect(parsePermission({ kind: "role", role: "owner" })).toEqual({ kind: "role", role: "owner" });
    expect(invalid(() => parsePermission({ kind: "role", role: "superuser" })).fieldErrors).toHaveProperty("role");
  });

  it("needs at least one custom role and drops duplicates", () => {
    expect(parsePermission({ kind: "customRoles", customRoleIds: ["a", "a", "b"] })).toEqual({
      kind: "customRoles",
      customRoleIds: ["a", "b"],
    });
    expect(invalid(() => parsePermission({ kind: "customRoles", customRoleIds: [] })).fieldErrors).toHaveProperty(
      "customRoleIds",
    );
  });

  it("reports an invalid inline policy precisely on the inlineRole field", () => {
    const error = invalid(() =>
      parsePermission({ kind: "inline", policy: [{ effect: "allow", actions: ["deleteTokens"], resources: ["*"] }] }),
    );
    expect(error.fieldErrors?.inlineRole).toMatch(/Unknown action "deleteTokens" in statement 1/);
  });

  it("counts the further problems of an inline policy", () => {
    const error = invalid(() => parsePermission({ kind: "inline", policy: [{ effect: "maybe" }] }));
    expect(error.fieldErrors?.inlineRole).toMatch(/and 2 more problems/);
  });

  it("refuses an unknown kind", () => {
    expect(() => parsePermission({ kind: "everything" })).toThrow(Invalid);
  });
});

describe("parseUpdateInput", () => {
  it("keeps only the fields given, and null to remove the expiration", () => {
    expect(parseUpdateInput({ name: " x " }, NOW)).toEqual({ name: "x" });
    expect(parseUpdateInput({ expiresAt: null }, NOW)).toEqual({ expiresAt: null });
  });

  it("checks each field given", () => {
    expect(invalid(() => parseUpdateInput({ name: "" }, NOW)).fieldErrors).toHaveProperty("name");
    expect(invalid(() => parseUpdateInput({ expiresAt: new Date(NOW.getTime() - 1) }, NOW)).fieldErrors).toHaveProperty(
      "expiresAt",
    );
  });
});

describe("parseOldSecretExpiry", () => {
  it("treats missing, now and past as 'stop the old secret now'", () => {
    expect(parseOldSecretExpiry(undefined, NOW)).toBeNull();
    expect(parseOldSecretExpiry(null, NOW)).toBeNull();
    expect(parseOldSecretExpiry(NOW, NOW)).toBeNull();
    expect(parseOldSecretExpiry(new Date(NOW.getTime() - DAY), NOW)).toBeNull();
  });

  it("keeps the old secret for up to 30 days", () => {
    const week = new Date(NOW.getTime() + 7 * DAY);
    expect(parseOldSecretExpiry(week, NOW)).toEqual(week);
    expect(invalid(() => parseOldSecretExpiry(new Date(NOW.getTime() + 31 * DAY), NOW)).fieldErrors).toHaveProperty(
      "oldSecretExpiresAt",
    );
  });
});

describe("parseListQuery", () => {
  it("defaults to 25 of the actor's visible tokens from the start", () => {
    expect(parseListQuery({})).toEqual({ showAll: false, type: "all", search: "", memberId: null, limit: 25, offset: 0, after: null });
  });

  it("refuses limits outside 1..1000 and negative offsets", () => {
    expect(() => parseListQuery({ limit: 0 })).toThrow(Invalid);
    expect(() => parseListQuery({ limit: 1001 })).toThrow(Invalid);
    expect(() => parseListQuery({ limit: 2.5 })).toThrow(Invalid);
    expect(() => parseListQuery({ offset: -1 })).toThrow(Invalid);
    expect(parseListQuery({ limit: 1000 }).limit).toBe(1000);
  });
});

describe("likeContains", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(likeContains("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
