import { beforeEach, describe, expect, it, vi } from "vitest";
import { POLICY_ACTIONS } from "./vocabulary";
import { MAX_ENTRY_LENGTH, MAX_POLICY_ENTRIES, MAX_POLICY_ERRORS, MAX_POLICY_JSON_BYTES, parsePolicyInput } from "./validate";

// What validating a policy can cost, counted rather than timed: the expensive steps are spelling
// suggestions (an edit distance per candidate) and matching action patterns against every known
// action (each pattern compiled once, then tried on each action). Whatever the input, the bounds cap how often each runs and on how much text.

const work = vi.hoisted(() => ({ suggestions: 0, globs: 0, globChars: 0 }));
vi.mock("./suggest", async (importOriginal) => {
  const real = await importOriginal<typeof import("./suggest")>();
  return { ...real, closestMatch: (...args: Parameters<typeof real.closestMatch>) => (work.suggestions++, real.closestMatch(...args)) };
});
vi.mock("./match", async (importOriginal) => {
  const real = await importOriginal<typeof import("./match")>();
  return {
    ...real,
    compileGlob: (pattern: string) => {
      work.globChars += pattern.length;
      const matches = real.compileGlob(pattern);
      return (value: string) => (work.globs++, matches(value));
    },
  };
});

beforeEach(() => Object.assign(work, { suggestions: 0, globs: 0, globChars: 0 }));

const statements = (count: number, make: (i: number) => unknown) => Array.from({ length: count }, (_, i) => make(i));
/** 50 statements with as many actions from `entry` as the entry bound allows (one resource each). */
function filling(entry: (i: number) => string) {
  const perStatement = Math.floor(MAX_POLICY_ENTRIES / 50) - 1;
  return statements(50, (s) => ({ effect: "allow", actions: Array.from({ length: perStatement }, (_, i) => entry(s * 100 + i)), resources: ["*"] }));
}

describe("the cost of validating a policy", () => {
  it("does no validation work at all on a policy past the size bound, however it is built", () => {
    const huge = statements(50, () => ({ effect: "allow", actions: Array(100).fill("createRolx"), resources: Array(100).fill(`proj/${"x".repeat(250)}`) }));
    expect(parsePolicyInput(huge).ok).toBe(false);
    expect(work).toEqual({ suggestions: 0, globs: 0, globChars: 0 });
  });

  it("makes at most MAX_POLICY_ERRORS spelling suggestions, however many entries are misspelt", () => {
    const nearMisses = filling((i) => `createRol${String.fromCharCode(97 + (i % 26))}`);
    const result = parsePolicyInput(nearMisses);
    expect(result.ok).toBe(false);
    expect(work.suggestions).toBeGreaterThan(0);
    expect(work.suggestions).toBeLessThanOrEqual(MAX_POLICY_ERRORS);

    work.suggestions = 0;
    const unknownFields = statements(50, () => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`effecx${i}`, 1])));
    expect(parsePolicyInput(unknownFields).ok).toBe(false);
    expect(work.suggestions).toBeLessThanOrEqual(MAX_POLICY_ERRORS);
  });

  it("compiles each action pattern once and tries it on each known action at most once, on at most 64 KB of patterns in all", () => {
    // Valid patterns (each matches some action), so no problem stops the work early.
    // About 60 characters each: together close to the size bound.
    const patterns = filling((i) => `${"*".repeat(50 + (i % 7))}e*Role`);
    expect(JSON.stringify(patterns).length).toBeGreaterThan(MAX_POLICY_JSON_BYTES * 0.9);
    const result = parsePolicyInput(patterns);
    expect(result.ok, JSON.stringify(!result.ok && result.errors[0])).toBe(true);
    expect(work.globs).toBeLessThanOrEqual(MAX_POLICY_ENTRIES * POLICY_ACTIONS.length);
    expect(work.globChars).toBeLessThanOrEqual(MAX_POLICY_JSON_BYTES);
  });

  it("refuses more than MAX_POLICY_ENTRIES actions and resources in all, before checking any", () => {
    const many = statements(20, () => ({ effect: "allow", actions: Array(26).fill("*e*"), resources: Array(26).fill("*") }));
    const result = parsePolicyInput(many);
    expect(result).toEqual({ ok: false, errors: [{ statement: null, field: null, message: `A policy can list at most ${MAX_POLICY_ENTRIES} actions and resources in all; this one lists 1040` }] });
    expect(work.globs).toBe(0);
  });

  it("keeps every entry it checks to at most MAX_ENTRY_LENGTH characters", () => {
    const long = [{ effect: "allow", actions: [`*${"e".repeat(MAX_ENTRY_LENGTH)}*`], resources: ["*"] }];
    expect(parsePolicyInput(long).ok).toBe(false);
    expect(work.globs).toBe(0);
  });
});
