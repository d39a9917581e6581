import { describe, expect, it } from "vitest";
import { parseMemberExpand, parseMemberFilter, parseMemberSort } from "./members-query";

describe("parseMemberFilter", () => {
  it("reads LaunchDarkly's field:value terms, lists separated by |", () => {
    expect(parseMemberFilter("query:abc, role:admin|deployers,id:a|b,email:X@y.test,team:web,noteam:true")).toEqual({
      search: "abc",
      roles: ["admin", "deployers"],
      ids: ["a", "b"],
      emails: ["X@y.test"],
      team: "web",
      noTeam: true,
    });
    expect(parseMemberFilter(undefined)).toEqual({});
    expect(parseMemberFilter(" , ")).toEqual({});
  });

  it("reads lastSeen's three JSON forms, commas inside them included", () => {
    expect(parseMemberFilter('lastSeen:{"never": true}')).toEqual({ lastSeen: { never: true } });
    expect(parseMemberFilter('lastSeen:{"noData":true},query:a')).toEqual({ lastSeen: { noData: true }, search: "a" });
    expect(parseMemberFilter('lastSeen:{"before": 1608672063611}')).toEqual({ lastSeen: { before: new Date(1608672063611) } });
    for (const bad of ['{"never": false}', '{"before": "yesterday"}', '{"before": 1, "never": true}', "never", "{"]) {
      expect(() => parseMemberFilter(`lastSeen:${bad}`), bad).toThrow("lastSeen");
    }
  });

  it("refuses unknown fields, accessCheck, repeated fields and terms without a field", () => {
    expect(() => parseMemberFilter("colour:red")).toThrow('Unknown filter field "colour"');
    expect(() => parseMemberFilter("toString:x")).toThrow("Unknown filter field");
    expect(() => parseMemberFilter("accessCheck:createProject:proj/x")).toThrow("accessCheck is not supported");
    expect(() => parseMemberFilter("query:a,query:b")).toThrow("more than once");
    expect(() => parseMemberFilter("reader")).toThrow("field:value");
    expect(() => parseMemberFilter(":reader")).toThrow("field:value");
  });
});

describe("parseMemberSort and parseMemberExpand", () => {
  it("sorts by displayName and lastSeen, - for descending, and nothing else", () => {
    expect(parseMemberSort("displayName,-lastSeen")).toEqual([
      { field: "displayName", descending: false },
      { field: "lastSeen", descending: true },
    ]);
    expect(parseMemberSort(undefined)).toEqual([]);
    expect(() => parseMemberSort("email")).toThrow('Unknown sort field "email"');
  });

  it("expands customRoles and roleAttributes, and nothing else", () => {
    expect([...parseMemberExpand("customRoles, roleAttributes")]).toEqual(["customRoles", "roleAttributes"]);
    expect(() => parseMemberExpand("teams")).toThrow('Unknown expand field "teams"');
  });
});
