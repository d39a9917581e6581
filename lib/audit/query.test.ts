import { describe, expect, it } from "vitest";
import { Invalid } from "../errors";
import { memberActor, personalTokenActor, serviceTokenActor } from "@/tests/helpers/test-actors";
import { MAX_PAGE_SIZE as MAX_HISTORY_LIMIT } from "../paging";
import { DEFAULT_HISTORY_LIMIT, historyScope, parseHistoryQuery, type HistoryQuery } from "./query";

function invalid(query: HistoryQuery): Invalid {
  try {
    parseHistoryQuery(query);
  } catch (error) {
    if (error instanceof Invalid) return error;
    throw error;
  }
  throw new Error("expected Invalid");
}

describe("parseHistoryQuery", () => {
  it("pages 25 entries from the start by default", () => {
    expect(parseHistoryQuery({})).toEqual({ limit: DEFAULT_HISTORY_LIMIT, offset: 0 });
  });

  it("accepts limits from 1 to 1000 and refuses others rather than clamping", () => {
    expect(parseHistoryQuery({ limit: 1 }).limit).toBe(1);
    expect(parseHistoryQuery({ limit: MAX_HISTORY_LIMIT }).limit).toBe(MAX_HISTORY_LIMIT);
    for (const limit of [0, -1, MAX_HISTORY_LIMIT + 1, 2.5, Number.NaN]) {
      expect(invalid({ limit }).fieldErrors).toHaveProperty("limit");
    }
    expect(invalid({ offset: -1 }).fieldErrors).toHaveProperty("offset");
  });

  it("refuses a date range that ends before it starts, but allows a single instant", () => {
    const at = new Date("2025-01-02T03:04:05.678Z");
    expect(parseHistoryQuery({ from: at, to: at })).toMatchObject({ from: at, to: at });
    expect(invalid({ from: new Date(at.getTime() + 1), to: at }).fieldErrors).toEqual({ from: "from must not be after to" });
  });

  it("refuses invalid dates and unknown target kinds", () => {
    expect(invalid({ from: new Date(Number.NaN) }).fieldErrors).toHaveProperty("from");
    expect(invalid({ targetKind: "account" as never }).fieldErrors).toHaveProperty("targetKind");
  });

  it("refuses empty and overlong id filters", () => {
    expect(invalid({ actorMemberId: " " }).fieldErrors).toHaveProperty("actorMemberId");
    expect(invalid({ targetId: "x".repeat(65) }).fieldErrors).toHaveProperty("targetId");
  });
});

describe("historyScope", () => {
  it("gives admins and owners the whole account", () => {
    expect(historyScope(memberActor("admin"))).toEqual({ kind: "all" });
    expect(historyScope(memberActor("owner"))).toEqual({ kind: "all" });
  });

  it("limits readers and writers to their own history", () => {
    expect(historyScope(memberActor("writer", "m-w"))).toEqual({ kind: "member", memberId: "m-w" });
    expect(historyScope(memberActor("reader", "m-r"))).toEqual({ kind: "member", memberId: "m-r" });
  });

  it("follows a token's own authority, not its member's alone", () => {
    const readerTokenOfAdmin = { ...personalTokenActor("admin", "reader"), canViewAllTokens: false };
    expect(historyScope(readerTokenOfAdmin)).toEqual({ kind: "member", memberId: "m-token-owner" });
    const adminTokenOfAdmin = { ...personalTokenActor("admin", "admin"), canViewAllTokens: true };
    expect(historyScope(adminTokenOfAdmin)).toEqual({ kind: "all" });
  });

  it("never lets a service token without an admin's role read its creator's history", () => {
    const readerServiceToken = { ...serviceTokenActor("admin", "reader"), canViewAllTokens: false };
    expect(historyScope(readerServiceToken)).toEqual({ kind: "serviceToken", tokenId: "tok-service" });
  });
});
