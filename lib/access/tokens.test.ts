import { describe, expect, it } from "vitest";
import { Forbidden, Invalid } from "../errors";
import { BUILT_IN_ROLES, roleRank, type BuiltInRole } from "../policy";
import {
  tokenAbilities,
  assertMayGrant,
  assertWithinCallerExpiry,
  canActOn,
  canCreateServiceTokens,
  canSeeToken,
  couldHaveCreated,
  grantableRolesFor,
  mayClone,
  roleCeiling,
  tokenResource,
  type Actor,
  type TokenFacts,
  type TokenPermission,
} from ".";
import { ACCOUNT, memberActor, personalTokenActor, serviceTokenActor } from "@/tests/helpers/test-actors";

const abilitiesFor = (actor: Actor, token: TokenFacts & { permission: TokenPermission }) => tokenAbilities(actor, { ...token, accountId: ACCOUNT });

const reader: TokenPermission = { kind: "role", role: "reader" };
const custom: TokenPermission = { kind: "customRoles", customRoleIds: ["r1"] };
const inline: TokenPermission = { kind: "inline", policy: [{ effect: "allow", actions: ["*"], resources: ["proj/*"] }] };

type Facts = TokenFacts & { permission: TokenPermission };

function personal(memberId: string, extra: Partial<Facts> = {}): Facts {
  return { memberId, name: "laptop", serviceToken: false, memberRemoved: false, expiresAt: null, permission: reader, ...extra };
}
function service(extra: Partial<Facts> = {}): Facts {
  return { memberId: "m-admin", name: "deploy", serviceToken: true, memberRemoved: false, expiresAt: null, permission: reader, ...extra };
}

describe("tokenResource", () => {
  it("names personal tokens under their member and service tokens on their own", () => {
    expect(tokenResource({ memberId: "m1", name: "ci", serviceToken: false })).toBe("member/m1:token/ci");
    expect(tokenResource({ memberId: "m1", name: "ci", serviceToken: true })).toBe("service-token/ci");
  });
});

describe("canActOn", () => {
  it("lets every member manage their own personal tokens but not another's", () => {
    const actor = memberActor("reader", "m1");
    expect(canActOn(actor, "deleteAccessToken", "member/m1:token/x")).toBe(true);
    expect(canActOn(actor, "deleteAccessToken", "member/m2:token/x")).toBe(false);
    expect(canActOn(actor, "createAccessToken", "service-token/x")).toBe(false);
  });

  it("lets admins and owners manage every token", () => {
    for (const role of ["admin", "owner"] as const) {
      expect(canActOn(memberActor(role), "resetAccessToken", "member/other:token/x")).toBe(true);
      expect(canActOn(memberActor(role), "deleteAccessToken", "service-token/x")).toBe(true);
    }
  });

  it("lets a custom role's deny override the built-in allow", () => {
    const actor = memberActor("admin", "m1", [[{ effect: "deny", actions: ["deleteAccessToken"], resources: ["*"] }]]);
    expect(canActOn(actor, "deleteAccessToken", "member/m1:token/x")).toBe(false);
    expect(canActOn(actor, "resetAccessToken", "member/m1:token/x")).toBe(true);
  });

  it("allows a personal token only what both the token and its member allow", () => {
    // An admin-role token of a member demoted to writer acts as a writer.
    const demoted = personalTokenActor("writer", "admin");
    expect(canActOn(demoted, "createProject", "proj/x")).toBe(true);
    expect(canActOn(demoted, "deleteProject", "proj/x")).toBe(false);
    // A reader token of an admin member cannot do admin things either.
    const narrow = personalTokenActor("admin", "reader");
    expect(canActOn(narrow, "deleteProject", "proj/x")).toBe(false);
    expect(canActOn(narrow, "deleteAccessToken", "member/m-token-owner:token/x")).toBe(true);
  });

  it("judges a service token by its own policy only", () => {
    // The creator's current role does not matter: service tokens outlive people's roles.
    const svc = serviceTokenActor("reader", "admin");
    expect(canActOn(svc, "deleteProject", "proj/x")).toBe(true);
    const readerSvc = serviceTokenActor("owner", "reader");
    expect(canActOn(readerSvc, "createAccessToken", "member/m-creator:token/x")).toBe(false);
  });
});

describe("role ceilings", () => {
  it.each(BUILT_IN_ROLES)("lets a %s grant only roles up to their own", (role) => {
    const expected = BUILT_IN_ROLES.filter((r) => roleRank(r) <= roleRank(role));
    expect(grantableRolesFor(memberActor(role))).toEqual(expected);
    for (const target of BUILT_IN_ROLES) {
      const allowed = roleRank(target) <= roleRank(role);
      const attempt = () => assertMayGrant(memberActor(role), { kind: "role", role: target }, false);
      if (allowed) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(Forbidden);
    }
  });

  it("caps a personal token at the lower of its role and its member's", () => {
    expect(roleCeiling(personalTokenActor("writer", "admin"))).toBe("writer");
    expect(roleCeiling(personalTokenActor("owner", "admin"))).toBe("admin");
  });

  it("gives custom-role and inline-policy tokens only the reader ceiling", () => {
    expect(roleCeiling(personalTokenActor("owner", null, inline.policy))).toBe("reader");
    expect(roleCeiling(serviceTokenActor("owner", null, inline.policy))).toBe("reader");
  });

  it("uses a service token's own role as its ceiling", () => {
    expect(roleCeiling(serviceTokenActor("reader", "admin"))).toBe("admin");
  });
});

describe("custom roles and inline policies", () => {
  it("are open to every member on personal tokens", () => {
    for (const role of BUILT_IN_ROLES) {
      expect(() => assertMayGrant(memberActor(role), custom, false)).not.toThrow();
      expect(() => assertMayGrant(memberActor(role), inline, false)).not.toThrow();
    }
  });

  it.each(BUILT_IN_ROLES)("on service tokens need an admin or owner (%s)", (role: BuiltInRole) => {
    const allowed = roleRank(role) >= roleRank("admin");
    for (const permission of [custom, inline]) {
      const attempt = () => assertMayGrant(memberActor(role), permission, true);
      if (allowed) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(Forbidden);
    }
  });

  it("need an admin-level token when a token mints them", () => {
    expect(() => assertMayGrant(personalTokenActor("admin", "writer"), inline, false)).toThrow(Forbidden);
    expect(() => assertMayGrant(personalTokenActor("admin", "admin"), inline, false)).not.toThrow();
  });
});

describe("service token creation", () => {
  it("is for admins and owners by default", () => {
    expect(BUILT_IN_ROLES.filter((role) => canCreateServiceTokens(memberActor(role)))).toEqual(["admin", "owner"]);
  });

  it("can be granted to a writer by a custom role", () => {
    const actor = memberActor("writer", "m1", [[{ effect: "allow", actions: ["createAccessToken"], resources: ["service-token/*"] }]]);
    expect(canCreateServiceTokens(actor)).toBe(true);
  });
});

describe("visibility and abilities", () => {
  it("shows own personal tokens and all service tokens; admins see everything", () => {
    const writer = memberActor("writer", "m1");
    expect(canSeeToken(writer, personal("m1"))).toBe(true);
    expect(canSeeToken(writer, service())).toBe(true);
    expect(canSeeToken(writer, personal("m2"))).toBe(false);
    expect(canSeeToken(memberActor("admin"), personal("m2"))).toBe(true);
  });

  it("gives a service token no personal tokens of its own, not even its creator's", () => {
    const svc = serviceTokenActor("writer", "writer");
    expect(canSeeToken(svc, personal(svc.memberId))).toBe(false);
    expect(canSeeToken(svc, service())).toBe(true);
    const viaPersonal = personalTokenActor("writer", "writer");
    expect(canSeeToken(viaPersonal, personal(viaPersonal.memberId))).toBe(true);
  });

  it("offers an owner of a personal token everything", () => {
    expect(abilitiesFor(memberActor("reader", "m1"), personal("m1"))).toEqual({
      clone: true,
      edit: true,
      editPermission: true,
      reset: true,
      delete: true,
    });
  });

  it("offers nothing on a token the viewer may not see", () => {
    expect(Object.values(abilitiesFor(memberActor("writer", "m1"), personal("m2")))).not.toContain(true);
  });

  it("offers a writer nothing on a service token", () => {
    expect(Object.values(abilitiesFor(memberActor("writer"), service()))).not.toContain(true);
  });

  it("offers admins edit and delete of others' tokens, but never a clone or a reset (both would hand them a secret)", () => {
    expect(abilitiesFor(memberActor("admin"), personal("m2"))).toEqual({
      clone: false,
      edit: true,
      editPermission: true,
      reset: false,
      delete: true,
    });
  });

  it("never offers a permission change on a service token", () => {
    const abilities = abilitiesFor(memberActor("owner"), service());
    expect(abilities.editPermission).toBe(false);
    expect(abilities.edit).toBe(true);
    expect(abilities.clone).toBe(true);
  });

  it("offers only delete on a removed member's token", () => {
    expect(abilitiesFor(memberActor("admin"), personal("gone", { memberRemoved: true }))).toEqual({
      clone: false,
      edit: false,
      editPermission: false,
      reset: false,
      delete: true,
    });
  });

  it("does not offer to clone a service token above the viewer's role", () => {
    const ownerToken = service({ permission: { kind: "role", role: "owner" } });
    expect(mayClone(memberActor("admin"), ownerToken, "x")).toBe(false);
    expect(mayClone(memberActor("owner"), ownerToken, "x")).toBe(true);
  });

  it("never offers a reset of a token above the viewer's role, their own included, but still offers Delete", () => {
    const demoted = memberActor("reader", "m1");
    expect(abilitiesFor(demoted, personal("m1", { permission: { kind: "role", role: "admin" } }))).toMatchObject({ reset: false, clone: false, delete: true });
    expect(abilitiesFor(demoted, personal("m1")).reset).toBe(true);
  });

  it("offers a reset of a service token only to someone who could create it", () => {
    const keeper = memberActor("reader", "m1", [[{ effect: "allow", actions: ["resetAccessToken"], resources: ["service-token/*"] }]]);
    expect(canActOn(keeper, "resetAccessToken", "service-token/deploy")).toBe(true);
    expect(abilitiesFor(keeper, service()).reset).toBe(false);
    expect(abilitiesFor(memberActor("admin"), service({ permission: { kind: "role", role: "admin" } })).reset).toBe(true);
    expect(abilitiesFor(memberActor("admin"), service({ permission: { kind: "role", role: "owner" } })).reset).toBe(false);
  });
});

describe("what an expiring token may create", () => {
  const expiresAt = new Date("2030-01-02T00:00:00Z");
  const expiring = (() => {
    const actor = personalTokenActor("admin", "admin");
    return { ...actor, token: { ...actor.token, expiresAt } };
  })();
  const own = (expiry: Date | null) => ({ memberId: "m-token-owner", name: "child", serviceToken: false, permission: reader, expiresAt: expiry });

  it("refuses a token that never expires or expires later, and allows one expiring with it or sooner", () => {
    expect(couldHaveCreated(expiring, own(null))).toBe(false);
    expect(couldHaveCreated(expiring, own(new Date(expiresAt.getTime() + 1)))).toBe(false);
    expect(couldHaveCreated(expiring, own(expiresAt))).toBe(true);
    expect(couldHaveCreated(expiring, own(new Date(expiresAt.getTime() - 1)))).toBe(true);
  });

  it("names the rule and the expiration field when it refuses", () => {
    expect(() => assertWithinCallerExpiry(expiring, null)).toThrow(Invalid);
    expect(() => assertWithinCallerExpiry(expiring, null)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/cannot outlive the token that creates it/),
        fieldErrors: { expiresAt: expect.stringContaining(expiresAt.toISOString()) },
      }),
    );
  });

  it("does not limit members, nor tokens that never expire", () => {
    expect(couldHaveCreated(memberActor("admin", "m-token-owner"), own(null))).toBe(true);
    expect(couldHaveCreated(personalTokenActor("admin", "admin"), own(null))).toBe(true);
  });
});
