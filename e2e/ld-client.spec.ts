import { readFileSync } from "node:fs";
import { expect, test as base, type APIRequestContext } from "@playwright/test";
import {
  AccessTokensApi,
  AccountMembersApi,
  AuditLogApi,
  Configuration,
  CustomRolesApi,
  ProjectsApi,
  type AuditLogEntryListingRep,
  type NewMemberForm,
  type StatementPost,
} from "launchdarkly-api-typescript";
import { checkedClient, methodsOf } from "./ld-models";
import { invitedMember } from "./members";
import { apiTokenOf, DEMO, type Role } from "./support";

/**
 * README, "LaunchDarkly compatibility": LaunchDarkly's published API client, pointed at Tollgate,
 * works unchanged for tokens, members, custom roles, projects and the audit log — driven here as a
 * script moving from LaunchDarkly would drive it. Every method of the five API classes is called
 * (the last test checks that), each successful answer is checked against the model the client
 * declares for that method (e2e/ld-models.ts reads them from the client's own api.ts), and where
 * LaunchDarkly answers an error, or Tollgate deliberately differs, the exact error is asserted.
 *
 * Each test makes its own tokens, members, roles and projects under unique names and removes
 * them when it ends, so tests run in any order, on either database, beside the other specs.
 */

const API_CLASSES = ["AccessTokensApi", "AccountMembersApi", "CustomRolesApi", "ProjectsApi", "AuditLogApi"] as const;

type Clients = { tokens: AccessTokensApi; members: AccountMembersApi; roles: CustomRolesApi; projects: ProjectsApi; auditlog: AuditLogApi };

type Ld = {
  /** The five clients, authenticated with a demo member's personal token or a given secret; every answer model-checked. */
  as: (who: Role | { secret: string }) => Clients;
  /** A name no other test or run uses, e.g. `ldc-k3j9x2-roles`; lower case, fit for keys. */
  unique: (label: string) => string;
  /** Runs when the test ends, last registered first, whatever happened (what the clients create is removed without asking). */
  later: (cleanup: () => Promise<unknown>) => void;
};

const test = base.extend<{ ld: Ld }>({
  ld: async ({ baseURL }, provide) => {
    const cleanups: (() => Promise<unknown>)[] = [];
    const run = Math.random().toString(36).slice(2, 8);
    // Whatever a test creates through the clients is removed when it ends, by the admin (who may
    // remove any of it), even when the answer that created it failed its model check.
    const admin = new Configuration({ apiKey: apiTokenOf("admin"), basePath: baseURL });
    const removers: Record<string, (data: never) => void> = {
      postToken: (t: { _id: string }) => cleanups.push(() => new AccessTokensApi(admin).deleteToken(t._id)),
      postMembers: (m: { items?: { _id: string }[] }) => m.items?.forEach((i) => cleanups.push(() => new AccountMembersApi(admin).deleteMember(i._id))),
      postCustomRole: (r: { key: string }) => cleanups.push(() => new CustomRolesApi(admin).deleteCustomRole(r.key)),
      postProject: (p: { key: string }) => cleanups.push(() => new ProjectsApi(admin).deleteProject(p.key)),
    };
    const removeLater = (method: string, data: unknown) => removers[method]?.(data as never);
    const as = (who: Role | { secret: string }): Clients => {
      const config = new Configuration({ apiKey: typeof who === "string" ? apiTokenOf(who) : who.secret, basePath: baseURL });
      return {
        tokens: checkedClient(new AccessTokensApi(config), removeLater),
        members: checkedClient(new AccountMembersApi(config), removeLater),
        roles: checkedClient(new CustomRolesApi(config), removeLater),
        projects: checkedClient(new ProjectsApi(config), removeLater),
        auditlog: checkedClient(new AuditLogApi(config), removeLater),
      };
    };
    await provide({ as, unique: (label) => `ldc-${run}-${label}`, later: (cleanup) => void cleanups.push(cleanup) });
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  },
});

/** What the API answered when the client threw: status and body. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; data: { code?: string; message?: string; invalid_emails?: string[] } }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: never } }).response;
    if (response) return response;
    throw error;
  }
  throw new Error("expected the API to refuse the call, but it succeeded");
}

const version = (v: string) => ({ headers: { "LD-API-Version": v } });
const DAY = 24 * 60 * 60 * 1000;

// ——— Access tokens ————————————————————————————————————————————————————————————————————————

test.describe("AccessTokensApi", () => {
  test("postToken: every field is optional but what a token needs; the answer carries the secret once and _member with _links", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ role: "reader" })).data;
    expect(created.token).toMatch(/^api-[0-9A-Za-z]{36}$/);
    expect(created.role).toBe("reader");
    expect(created._member?.email).toBe(DEMO.writer.email);
    expect(created._member?._links).toBeDefined();

    const named = (await tokens.postToken({ name: ld.unique("named"), description: "made by the LD client", role: "reader", defaultApiVersion: 20220603 })).data;
    expect(named).toMatchObject({ name: ld.unique("named"), description: "made by the LD client", defaultApiVersion: 20220603 });
  });

  test("postToken: a service token", async ({ ld }) => {
    const { tokens } = ld.as("admin");
    const created = (await tokens.postToken({ name: ld.unique("service"), role: "reader", serviceToken: true })).data;
    expect(created.serviceToken).toBe(true);
  });

  test("postToken: a second token of the same name is refused (Tollgate: the name is part of the token's policy resource)", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    await tokens.postToken({ name: ld.unique("dup"), role: "reader" });
    expect(await refusal(tokens.postToken({ name: ld.unique("dup"), role: "reader" }))).toMatchObject({ status: 409, data: { code: "conflict" } });
  });

  test("postToken: LaunchDarkly's inline-policy vocabulary is accepted and stored as given", async ({ ld }) => {
    const { tokens } = ld.as("admin");
    const inlineRole: StatementPost[] = [
      { effect: "allow", actions: ["updateOn", "updateOffVariation"], resources: ["proj/*:env/production:flag/*"] },
      { effect: "allow", actions: ["viewProject"], resources: ["proj/*"] },
      { effect: "allow", actions: ["*"], resources: ["proj/*;mobile"] },
      { effect: "deny", actions: ["*"], resources: ["acct"] },
      { effect: "allow", notActions: ["deleteProject"], notResources: ["proj/default"] },
    ];
    const created = (await tokens.postToken({ name: ld.unique("inline"), inlineRole })).data;
    expect(created.inlineRole).toEqual(inlineRole);
    expect((await tokens.getToken(created._id)).data.inlineRole).toEqual(inlineRole);
  });

  test("postToken: an action LaunchDarkly does not have is refused, named", async ({ ld }) => {
    const { tokens } = ld.as("admin");
    const answer = await refusal(tokens.postToken({ name: ld.unique("bad-action"), inlineRole: [{ effect: "allow", actions: ["frobnicateFlag"], resources: ["proj/*"] }] }));
    expect(answer).toMatchObject({ status: 400, data: { code: "invalid_request" } });
    expect(answer.data.message).toContain("frobnicateFlag");
  });

  test("inline policies: proj/*;tag selects projects by tag; statements about flags and the account are valid but grant nothing here", async ({ ld }) => {
    const admin = ld.as("admin");
    const tagged = ld.unique("tagged");
    const plain = ld.unique("plain");
    for (const [key, tags] of [[tagged, ["mobile"]], [plain, []]] as const) {
      await admin.projects.postProject({ key, name: key, tags: [...tags] });
    }
    const token = (
      await admin.tokens.postToken({
        name: ld.unique("by-tag"),
        inlineRole: [
          { effect: "allow", actions: ["viewProject"], resources: ["proj/*"] },
          { effect: "allow", actions: ["*"], resources: ["proj/*;mobile"] },
          { effect: "allow", actions: ["*"], resources: ["proj/*:env/production:flag/*"] },
          { effect: "allow", actions: ["*"], resources: ["acct"] },
        ],
      })
    ).data;
    const scoped = ld.as({ secret: token.token! });
    expect((await scoped.projects.getProject(tagged)).data.key).toBe(tagged);
    expect((await scoped.projects.patchProject(tagged, [{ op: "replace", path: "/name", value: "renamed by tag" }])).data.name).toBe("renamed by tag");
    expect(await refusal(scoped.projects.patchProject(plain, [{ op: "replace", path: "/name", value: "not mine" }]))).toMatchObject({ status: 403, data: { code: "forbidden" } });
    expect(await refusal(scoped.projects.deleteProject(plain))).toMatchObject({ status: 403, data: { code: "forbidden" } });
  });

  test("getTokens: limit and offset page through the caller's tokens, and an offset pager ends", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const mine: string[] = [];
    for (const n of [1, 2, 3]) {
      const t = (await tokens.postToken({ name: ld.unique(`page-${n}`), role: "reader" })).data;
      mine.push(t._id);
    }
    const seen: string[] = [];
    let offset = 0;
    for (let pages = 0; ; pages++) {
      expect(pages, "the offset pager did not end").toBeLessThan(200);
      const page = (await tokens.getTokens(false, 2, offset)).data;
      const items = page.items ?? [];
      expect(items.length).toBeLessThanOrEqual(2);
      if (items.length === 0) break;
      seen.push(...items.map((t) => t._id));
      offset += items.length;
      if (page.totalCount !== undefined && offset >= page.totalCount) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(mine));
  });

  test("getTokens: showAll lets an admin list every member's personal tokens", async ({ ld }) => {
    const writer = ld.as("writer");
    const t = (await writer.tokens.postToken({ name: ld.unique("show-all"), role: "reader" })).data;
    const { tokens } = ld.as("admin");
    const ids = async (showAll: boolean) => {
      const all: string[] = [];
      for (let offset = 0; ; ) {
        const items = (await tokens.getTokens(showAll, 100, offset)).data.items ?? [];
        if (items.length === 0) return all;
        all.push(...items.map((i) => i._id));
        offset += items.length;
      }
    };
    expect(await ids(true)).toContain(t._id);
    expect(await ids(false)).not.toContain(t._id);
  });

  test("LD-API-Version: versions before 20240415 list tokens unpaginated, as LaunchDarkly did; the version is echoed", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    for (const n of [1, 2]) await tokens.postToken({ name: ld.unique(`v-${n}`), role: "reader" });
    const old = await tokens.getTokens(false, 1, 0, version("20220603"));
    expect(old.headers["ld-api-version"]).toBe("20220603");
    expect(old.data.items!.length).toBeGreaterThanOrEqual(2);
    const current = await tokens.getTokens(false, 1, 0, version("20240415"));
    expect(current.headers["ld-api-version"]).toBe("20240415");
    expect(current.data.items).toHaveLength(1);
  });

  test("LD-API-Version: beta is accepted and echoed, and lists as the current version does", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    for (const n of [1, 2]) await tokens.postToken({ name: ld.unique(`beta-${n}`), role: "reader" });
    const answer = await tokens.getTokens(false, 1, 0, version("beta"));
    expect(answer.headers["ld-api-version"]).toBe("beta");
    expect(answer.data.items).toHaveLength(1);
  });

  test("LD-API-Version: a version that does not exist is a client error", async ({ ld }) => {
    expect((await refusal(ld.as("writer").tokens.getTokens(false, 1, 0, version("20990101")))).status).toBe(400);
  });

  test("getToken: shows the last four characters of the secret, never the secret", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("get"), role: "reader" })).data;
    const fetched = (await tokens.getToken(created._id)).data;
    expect(fetched.token).toBe(created.token!.slice(-4));
    expect(fetched).toMatchObject({ _id: created._id, memberId: created.memberId, ownerId: created.ownerId, name: created.name });
  });

  test("patchToken: JSON Patch on name, description, role and defaultApiVersion", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("patch"), role: "reader" })).data;
    const patched = (
      await tokens.patchToken(created._id, [
        { op: "replace", path: "/name", value: ld.unique("patched") },
        { op: "replace", path: "/description", value: "renamed" },
        { op: "replace", path: "/role", value: "writer" },
        { op: "replace", path: "/defaultApiVersion", value: 20220603 },
      ])
    ).data;
    expect(patched).toMatchObject({ name: ld.unique("patched"), description: "renamed", role: "writer", defaultApiVersion: 20220603 });
  });

  test("resetToken: without expiry the old secret stops at once; the new one works", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("reset"), role: "reader" })).data;
    const reset = (await tokens.resetToken(created._id)).data;
    expect(reset.token).toMatch(/^api-/);
    expect(reset.token).not.toBe(created.token);
    expect((await ld.as({ secret: reset.token! }).members.getMember("me")).data.email).toBe(DEMO.writer.email);
    expect(await refusal(ld.as({ secret: created.token! }).members.getMember("me"))).toMatchObject({ status: 401, data: { code: "unauthorized" } });
  });

  test("resetToken: with expiry the old secret keeps working until then", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("reset-expiry"), role: "reader" })).data;
    const reset = (await tokens.resetToken(created._id, Date.now() + 60 * 60 * 1000)).data;
    expect(reset.token).not.toBe(created.token);
    expect((await ld.as({ secret: created.token! }).members.getMember("me")).data.email).toBe(DEMO.writer.email);
    expect((await ld.as({ secret: reset.token! }).members.getMember("me")).data.email).toBe(DEMO.writer.email);
  });

  test("resetToken: an expiry more than 30 days ahead is refused (Tollgate bounds how long an old secret may live)", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("reset-far"), role: "reader" })).data;
    expect(await refusal(tokens.resetToken(created._id, Date.now() + 31 * DAY))).toMatchObject({ status: 400, data: { code: "invalid_request" } });
  });

  test("deleteToken: the token is gone, and so is its secret", async ({ ld }) => {
    const { tokens } = ld.as("writer");
    const created = (await tokens.postToken({ name: ld.unique("delete"), role: "reader" })).data;
    await tokens.deleteToken(created._id);
    expect(await refusal(tokens.getToken(created._id))).toMatchObject({ status: 404, data: { code: "not_found" } });
    expect(await refusal(ld.as({ secret: created.token! }).tokens.getTokens())).toMatchObject({ status: 401 });
  });
});

// ——— Account members ——————————————————————————————————————————————————————————————————————

/**
 * Invites members through the client as the admin (removed when the test ends). LaunchDarkly needs
 * a role or custom roles on each invitation: one that names neither is invited as a reader.
 */
async function invite(ld: Ld, forms: Parameters<AccountMembersApi["postMembers"]>[0]) {
  const { members } = ld.as("admin");
  const withRoles = forms.map((f): NewMemberForm => (f.role !== undefined || f.customRoles?.length ? f : { ...f, role: "reader" }));
  const invited = (await members.postMembers(withRoles)).data.items;
  return invited;
}

test.describe("AccountMembersApi", () => {
  test("postMembers: invites with a built-in role, names, and custom roles by key", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const key = ld.unique("invite-role");
    const role = (await roles.postCustomRole({ key, name: key, policy: [{ effect: "allow", actions: ["viewProject"], resources: ["proj/*"] }] })).data;
    const email = `${ld.unique("invitee")}@acme.test`;
    const [member] = await invite(ld, [{ email, firstName: "Ivy", lastName: "Invitee", role: "writer", customRoles: [key] }]);
    expect(member).toMatchObject({ email, firstName: "Ivy", lastName: "Invitee", role: "writer", _pendingInvite: true, _verified: false });
    expect(member!.customRoles).toHaveLength(1);
    expect([role.key, role._id]).toContain(member!.customRoles[0]);
  });

  test("postMembers: the no_access role is accepted", async ({ ld }) => {
    const email = `${ld.unique("no-access")}@acme.test`;
    const [member] = await invite(ld, [{ email, role: "no_access" }]);
    expect(member!.role).toBe("no_access");
    expect((await ld.as("admin").members.getMember(member!._id)).data.role).toBe("no_access");
  });

  test("postMembers: an address already in the account is refused with LaunchDarkly's code and the address", async ({ ld }) => {
    const answer = await refusal(ld.as("admin").members.postMembers([{ email: DEMO.reader.email, role: "reader" }]));
    expect(answer).toMatchObject({ status: 400, data: { code: "email_already_exists_in_account" } });
    expect(answer.data.invalid_emails).toEqual([DEMO.reader.email]);
  });

  test("postMembers: an address twice in one request is refused with LaunchDarkly's code, inviting no one", async ({ ld }) => {
    const email = `${ld.unique("twice")}@acme.test`;
    const { members } = ld.as("admin");
    const answer = await refusal(members.postMembers([{ email, role: "reader" }, { email, role: "writer" }]));
    expect(answer).toMatchObject({ status: 400, data: { code: "duplicate_email" } });
    expect(answer.data.invalid_emails).toEqual([email]);
    expect((await members.getMembers(20, 0, `email:${email}`)).data.items).toEqual([]);
  });

  test("postMembers: a token with createMember on member/* may invite, as in LaunchDarkly", async ({ ld }) => {
    const admin = ld.as("admin");
    const token = (await admin.tokens.postToken({ name: ld.unique("inviter"), inlineRole: [{ effect: "allow", actions: ["createMember"], resources: ["member/*"] }] })).data;
    const email = `${ld.unique("by-create-member")}@acme.test`;
    const invited = (await ld.as({ secret: token.token! }).members.postMembers([{ email, role: "reader" }])).data.items;
    expect(invited.map((m) => m.email)).toEqual([email]);
  });

  test("deleteMember: a removed member's address can be invited again", async ({ ld, request, browser }) => {
    test.slow(); // the member accepts their invitation in a browser first
    const joined = await invitedMember(request, browser, "reader");
    await joined.context.close();
    const { members } = ld.as("admin");
    ld.later(() => members.deleteMember(joined.id));
    await members.deleteMember(joined.id);
    // Tollgate keeps a removed member readable by id, marked removed (docs/ld-compatibility.md).
    expect((await members.getMember(joined.id)).data).toMatchObject({ _id: joined.id, _removed: true });
    const [again] = await invite(ld, [{ email: joined.email, role: "reader" }]);
    expect(again).toMatchObject({ email: joined.email, _pendingInvite: true });
    expect(again!._id).not.toBe(joined.id);
  });

  test("getMember: by id and as me, with _lastSeen, mfa, a truthful _pendingInvite and _verified false", async ({ ld }) => {
    const { members } = ld.as("admin");
    const me = (await members.getMember("me")).data;
    // Tollgate never verifies an address: `_verified` is always false (docs/ld-compatibility.md).
    expect(me).toMatchObject({ email: DEMO.admin.email, role: "admin", _pendingInvite: false, _verified: false });
    expect(me._lastSeen).toBeGreaterThan(0);
    expect((await members.getMember(me._id)).data.email).toBe(DEMO.admin.email);
    const [pending] = await invite(ld, [{ email: `${ld.unique("never-seen")}@acme.test` }]);
    const fetched = (await members.getMember(pending!._id)).data;
    expect(fetched).toMatchObject({ _pendingInvite: true, _verified: false });
    expect(typeof fetched._lastSeen).toBe("number");
  });

  test("getMember: expand is accepted", async ({ ld }) => {
    const { members } = ld.as("admin");
    expect((await members.getMember("me", "customRoles")).data.email).toBe(DEMO.admin.email);
    expect((await members.getMember("me", "roleAttributes")).data.email).toBe(DEMO.admin.email);
  });

  test("getMembers: limit and offset page through everyone, and an offset pager ends", async ({ ld }) => {
    const { members } = ld.as("reader");
    const seen: string[] = [];
    let offset = 0;
    for (let pages = 0; ; pages++) {
      expect(pages, "the offset pager did not end").toBeLessThan(500);
      const page = (await members.getMembers(2, offset)).data;
      if (page.items.length === 0) break;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m._id));
      offset += page.items.length;
      if (page.totalCount !== undefined && offset >= page.totalCount) {
        expect(page._links.next).toBeUndefined();
        break;
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    const emails = (await members.getMembers(1, 0, `email:${DEMO.owner.email}|${DEMO.reader.email}`)).data;
    expect(emails.totalCount).toBe(2);
  });

  test("getMembers: filter query: matches names and emails, case-insensitively", async ({ ld }) => {
    const tag = ld.unique("query");
    const invited = await invite(ld, [
      { email: `${tag}-1@acme.test`, firstName: "Quinn" },
      { email: `other-${Math.random().toString(36).slice(2, 8)}@acme.test`, firstName: tag.toUpperCase() },
    ]);
    const items = (await ld.as("admin").members.getMembers(20, 0, `query:${tag}`)).data.items;
    expect(items.map((m) => m._id).sort()).toEqual(invited.map((m) => m._id).sort());
  });

  test("getMembers: filter role:, id:, email: take |-separated lists, and Owner counts as Admin", async ({ ld }) => {
    const { members } = ld.as("admin");
    const byRole = (await members.getMembers(100, 0, "role:admin")).data.items.map((m) => m.email);
    expect(byRole).toEqual(expect.arrayContaining([DEMO.admin.email, DEMO.owner.email]));
    expect(byRole).not.toContain(DEMO.writer.email);
    const writers = (await members.getMembers(100, 0, "role:writer|reader")).data.items;
    expect(writers.every((m) => ["writer", "reader"].includes(m.role))).toBe(true);
    expect(writers.map((m) => m.email)).toEqual(expect.arrayContaining([DEMO.writer.email, DEMO.reader.email]));
    const me = (await members.getMember("me")).data;
    const writer = (await members.getMembers(1, 0, `email:${DEMO.writer.email}`)).data.items[0]!;
    expect((await members.getMembers(20, 0, `id:${me._id}|${writer._id}`)).data.items.map((m) => m._id).sort()).toEqual([me._id, writer._id].sort());
    expect((await members.getMembers(20, 0, `email:${DEMO.writer.email}|${DEMO.reader.email}`)).data.items.map((m) => m.email).sort()).toEqual([DEMO.reader.email, DEMO.writer.email].sort());
  });

  test("getMembers: filter role: also names custom roles", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const key = ld.unique("filter-role");
    await roles.postCustomRole({ key, name: key, policy: [{ effect: "allow", actions: ["viewProject"], resources: ["proj/*"] }] });
    const [member] = await invite(ld, [{ email: `${ld.unique("has-role")}@acme.test`, customRoles: [key] }]);
    expect((await ld.as("admin").members.getMembers(20, 0, `role:${key}`)).data.items.map((m) => m._id)).toEqual([member!._id]);
  });

  test("getMembers: filter lastSeen: {\"never\": true} lists those never active; filters combine with commas", async ({ ld }) => {
    const tag = ld.unique("never");
    const [pending] = await invite(ld, [{ email: `${tag}@acme.test` }]);
    const { members } = ld.as("admin");
    const never = (await members.getMembers(100, 0, `lastSeen:{"never":true},query:${tag}`)).data.items.map((m) => m._id);
    expect(never).toEqual([pending!._id]);
    const neverAtAll = (await members.getMembers(100, 0, `lastSeen:{"never":true},email:${DEMO.admin.email}`)).data.items;
    expect(neverAtAll).toEqual([]);
  });

  test("getMembers: sort by displayName, ascending and descending (-)", async ({ ld }) => {
    const tag = ld.unique("sort");
    await invite(ld, [
      { email: `${tag}-b@acme.test`, firstName: "Bravo", lastName: tag },
      { email: `${tag}-c@acme.test`, firstName: "Charlie", lastName: tag },
      { email: `${tag}-a@acme.test`, firstName: "Alpha", lastName: tag },
    ]);
    const { members } = ld.as("admin");
    const names = async (sort: string) => (await members.getMembers(20, 0, `query:${tag}`, undefined, sort)).data.items.map((m) => m.firstName);
    expect(await names("displayName")).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(await names("-displayName")).toEqual(["Charlie", "Bravo", "Alpha"]);
  });

  test("getMembers: sort by lastSeen puts those never seen first, -lastSeen last", async ({ ld }) => {
    const [pending] = await invite(ld, [{ email: `${ld.unique("sort-seen")}@acme.test` }]);
    const { members } = ld.as("admin");
    const filter = `email:${DEMO.admin.email}|${pending!.email}`;
    expect((await members.getMembers(20, 0, filter, undefined, "lastSeen")).data.items.map((m) => m._id)[0]).toBe(pending!._id);
    expect((await members.getMembers(20, 0, filter, undefined, "-lastSeen")).data.items.map((m) => m._id)[1]).toBe(pending!._id);
  });

  test("getMembers: expand customRoles and roleAttributes is accepted", async ({ ld }) => {
    const { members } = ld.as("admin");
    const page = (await members.getMembers(5, 0, undefined, "customRoles,roleAttributes")).data;
    expect(page.items.length).toBeGreaterThan(0);
  });

  test("patchMember: JSON Patch changes the built-in role and custom roles", async ({ ld }) => {
    const { roles, members } = ld.as("admin");
    const key = ld.unique("patch-role");
    const role = (await roles.postCustomRole({ key, name: key, policy: [{ effect: "allow", actions: ["viewProject"], resources: ["proj/*"] }] })).data;
    const [member] = await invite(ld, [{ email: `${ld.unique("patched")}@acme.test`, role: "reader" }]);
    const writer = (await members.patchMember(member!._id, [{ op: "replace", path: "/role", value: "writer" }])).data;
    expect(writer.role).toBe("writer");
    const withRole = (await members.patchMember(member!._id, [{ op: "add", path: "/customRoles/-", value: role._id }])).data;
    expect(withRole.customRoles).toHaveLength(1);
    expect([role.key, role._id]).toContain(withRole.customRoles[0]);
  });

  test("postMemberTeams: Tollgate has no teams, and says so", async ({ ld }) => {
    const { members } = ld.as("admin");
    const me = (await members.getMember("me")).data;
    expect(await refusal(members.postMemberTeams(me._id, { teamKeys: ["platform"] }))).toMatchObject({ status: 404, data: { code: "not_found" } });
  });
});

// ——— Custom roles —————————————————————————————————————————————————————————————————————————

test.describe("CustomRolesApi", () => {
  const policy: StatementPost[] = [
    { effect: "allow", actions: ["viewProject"], resources: ["proj/*"] },
    { effect: "allow", actions: ["updateOn"], resources: ["proj/*:env/production:flag/*"] },
  ];

  test("postCustomRole: key, name, description, policy and basePermissions are kept", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const key = ld.unique("post-role");
    const role = (await roles.postCustomRole({ key, name: "Viewer", description: "views projects", policy, basePermissions: "no_access" })).data;
    expect(role).toMatchObject({ key, name: "Viewer", description: "views projects", basePermissions: "no_access" });
    expect(role.policy).toEqual(policy);
  });

  test("getCustomRole: by key and by _id", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const key = ld.unique("get-role");
    const role = (await roles.postCustomRole({ key, name: key, policy })).data;
    expect((await roles.getCustomRole(key)).data._id).toBe(role._id);
    expect((await roles.getCustomRole(role._id)).data.key).toBe(key);
  });

  test("getCustomRoles: limit and offset page through the roles, and an offset pager ends", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const keys: string[] = [];
    for (const n of [1, 2, 3]) {
      const key = ld.unique(`page-role-${n}`);
      await roles.postCustomRole({ key, name: key, policy });
      keys.push(key);
    }
    const seen: string[] = [];
    let offset = 0;
    for (let pages = 0; ; pages++) {
      expect(pages, "the offset pager did not end").toBeLessThan(500);
      const page = (await roles.getCustomRoles(2, offset)).data;
      expect(page.items.length).toBeLessThanOrEqual(2);
      if (page.items.length === 0) break;
      seen.push(...page.items.map((r) => r.key));
      offset += page.items.length;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...keys, "project-editor", "token-auditor"]));
    expect((await roles.getCustomRoles()).data.items.length).toBeGreaterThan(0);
  });

  test("patchCustomRole: PatchWithComment applies the patch and the comment lands in the audit log", async ({ ld }) => {
    const { roles, auditlog } = ld.as("admin");
    const key = ld.unique("patch-role");
    await roles.postCustomRole({ key, name: key, policy });
    const comment = `tightened by ${ld.unique("comment")}`;
    const patched = (
      await roles.patchCustomRole(key, {
        comment,
        patch: [
          { op: "replace", path: "/name", value: "Renamed" },
          { op: "replace", path: "/description", value: "now described" },
          { op: "add", path: "/policy/-", value: { effect: "deny", actions: ["deleteProject"], resources: ["proj/*"] } },
        ],
      })
    ).data;
    expect(patched).toMatchObject({ name: "Renamed", description: "now described" });
    expect(patched.policy).toHaveLength(3);
    const entries = (await auditlog.getAuditLogEntries(undefined, undefined, undefined, 20, `role/${key}`)).data.items;
    expect(entries.map((e) => e.comment)).toContain(comment);
  });

  test("deleteCustomRole: the role is gone", async ({ ld }) => {
    const { roles } = ld.as("admin");
    const key = ld.unique("delete-role");
    await roles.postCustomRole({ key, name: key, policy });
    await roles.deleteCustomRole(key);
    expect(await refusal(roles.getCustomRole(key))).toMatchObject({ status: 404, data: { code: "not_found" } });
  });
});

// ——— Projects —————————————————————————————————————————————————————————————————————————————

test.describe("ProjectsApi", () => {
  /** Creates a project through the client as the admin (deleted when the test ends). */
  async function project(ld: Ld, label: string, fields: { name?: string; tags?: string[] } = {}) {
    const { projects } = ld.as("admin");
    const key = ld.unique(label);
    const created = (await projects.postProject({ key, name: fields.name ?? key, tags: fields.tags })).data;
    return created;
  }

  test("postProject: answers with what LaunchDarkly's model requires, default environments included; tags deduplicated and sorted", async ({ ld }) => {
    const created = await project(ld, "post", { tags: ["beta", "alpha", "beta"] });
    expect(created.tags).toEqual(["alpha", "beta"]);
    expect(typeof created.includeInSnippetByDefault).toBe("boolean");
    expect(created.environments.map((e) => e.key).sort()).toEqual(["production", "test"]);
  });

  test("getProject: by key, and with expand=environments", async ({ ld }) => {
    const created = await project(ld, "get");
    const { projects } = ld.as("reader");
    expect((await projects.getProject(created.key)).data._id).toBe(created._id);
    const expanded = (await projects.getProject(created.key, "environments")).data;
    expect(expanded.environments?.items.map((e) => e.key).sort()).toEqual(["production", "test"]);
  });

  test("getProjects: limit and offset page through the projects, and an offset pager ends", async ({ ld }) => {
    const mine = [await project(ld, "page-1"), await project(ld, "page-2"), await project(ld, "page-3")].map((p) => p.key);
    const { projects } = ld.as("reader");
    const seen: string[] = [];
    let offset = 0;
    for (let pages = 0; ; pages++) {
      expect(pages, "the offset pager did not end").toBeLessThan(500);
      const page = (await projects.getProjects(2, offset)).data;
      expect(page.items.length).toBeLessThanOrEqual(2);
      if (page.items.length === 0) break;
      seen.push(...page.items.map((p) => p.key));
      offset += page.items.length;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...mine, "default", "mobile-app"]));
  });

  test("getProjects: filter query:, tags: (+, all of them) and keys: (|, any of them)", async ({ ld }) => {
    const both = await project(ld, "filter-both", { tags: ["ldc-x", "ldc-y"] });
    const one = await project(ld, "filter-one", { tags: ["ldc-x"] });
    const { projects } = ld.as("reader");
    const keys = async (filter: string) => (await projects.getProjects(100, 0, filter)).data.items.map((p) => p.key).sort();
    expect(await keys(`query:${ld.unique("filter").toUpperCase()}`)).toEqual([both.key, one.key].sort());
    expect(await keys(`query:${ld.unique("filter")},tags:ldc-x+ldc-y`)).toEqual([both.key]);
    expect(await keys(`keys:${both.key}|${one.key}|default`)).toEqual([both.key, one.key, "default"].sort());
  });

  test("getProjects: sort by name and createdOn, ascending and descending (-)", async ({ ld }) => {
    const b = await project(ld, "sort-1", { name: "Bravo" });
    const a = await project(ld, "sort-2", { name: "Alpha" });
    const { projects } = ld.as("reader");
    const order = async (sort: string) => (await projects.getProjects(10, 0, `keys:${a.key}|${b.key}`, sort)).data.items.map((p) => p.key);
    expect(await order("name")).toEqual([a.key, b.key]);
    expect(await order("-name")).toEqual([b.key, a.key]);
    expect(await order("createdOn")).toEqual([b.key, a.key]);
    expect(await order("-createdOn")).toEqual([a.key, b.key]);
  });

  test("getProjects: expand=environments includes each project's environments", async ({ ld }) => {
    const created = await project(ld, "expand");
    const items = (await ld.as("reader").projects.getProjects(10, 0, `keys:${created.key}`, undefined, "environments")).data.items;
    expect(items[0]!.environments?.items.length).toBeGreaterThan(0);
  });

  test("LD-API-Version: versions before 20220603 list projects unpaginated, as LaunchDarkly did", async ({ ld }) => {
    await project(ld, "v-1");
    const { projects } = ld.as("reader");
    const old = await projects.getProjects(1, 0, undefined, undefined, undefined, version("20210729"));
    expect(old.headers["ld-api-version"]).toBe("20210729");
    expect(old.data.items.length).toBeGreaterThanOrEqual(3);
    expect((await projects.getProjects(1, 0, undefined, undefined, undefined, version("20220603"))).data.items).toHaveLength(1);
  });

  test("patchProject: JSON Patch on name, tags, includeInSnippetByDefault and defaultClientSideAvailability", async ({ ld }) => {
    const created = await project(ld, "patch", { tags: ["one"] });
    const patched = (
      await ld.as("admin").projects.patchProject(created.key, [
        { op: "replace", path: "/name", value: "Patched" },
        { op: "add", path: "/tags/-", value: "another" },
        { op: "add", path: "/tags/-", value: "another" },
        { op: "replace", path: "/includeInSnippetByDefault", value: true },
        { op: "replace", path: "/defaultClientSideAvailability", value: { usingMobileKey: true, usingEnvironmentId: true } },
      ])
    ).data;
    expect(patched).toMatchObject({ name: "Patched", tags: ["another", "one"], includeInSnippetByDefault: true, defaultClientSideAvailability: { usingMobileKey: true, usingEnvironmentId: true } });
  });

  test("getFlagDefaultsByProject, putFlagDefaultsByProject, patchFlagDefaultsByProject: a project's flag defaults", async ({ ld }) => {
    const created = await project(ld, "flag-defaults");
    const { projects } = ld.as("admin");
    expect((await projects.getFlagDefaultsByProject(created.key)).data).toBeDefined();
    const payload = {
      tags: ["from-script"],
      temporary: false,
      booleanDefaults: { trueDisplayName: "On", falseDisplayName: "Off", trueDescription: "enabled", falseDescription: "disabled", onVariation: 0, offVariation: 1 },
      defaultClientSideAvailability: { usingMobileKey: false, usingEnvironmentId: true },
    };
    expect((await projects.putFlagDefaultsByProject(created.key, payload)).data).toMatchObject(payload);
    expect((await projects.patchFlagDefaultsByProject(created.key, [{ op: "replace", path: "/temporary", value: true }])).data).toMatchObject({ ...payload, temporary: true });
    expect((await projects.getFlagDefaultsByProject(created.key)).data).toMatchObject({ tags: ["from-script"], temporary: true });
  });

  test("deleteProject: the project is gone", async ({ ld }) => {
    const { projects } = ld.as("admin");
    const key = ld.unique("delete");
    await projects.postProject({ key, name: key });
    await projects.deleteProject(key);
    expect(await refusal(projects.getProject(key))).toMatchObject({ status: 404, data: { code: "not_found" } });
  });
});

// ——— Audit log ————————————————————————————————————————————————————————————————————————————

test.describe("AuditLogApi", () => {
  /**
   * A project made, then renamed `renames` times, by the admin's token: entries of its own to
   * find. Made over plain HTTP, so these tests say what the audit log lacks, not what projects do.
   */
  async function history(ld: Ld, request: APIRequestContext, label: string, renames = 2) {
    const headers = { Authorization: apiTokenOf("admin") };
    const key = ld.unique(label);
    const created = await request.post("/api/v2/projects", { headers, data: { key, name: key } });
    expect(created.status(), await created.text()).toBe(201);
    ld.later(() => ld.as("admin").projects.deleteProject(key));
    for (let n = 1; n <= renames; n++) {
      const renamed = await request.patch(`/api/v2/projects/${key}`, { headers, data: [{ op: "replace", path: "/name", value: `${key} v${n}` }] });
      expect(renamed.status(), await renamed.text()).toBe(200);
    }
    return key;
  }

  test("getAuditLogEntries: entries carry what LaunchDarkly's model requires, the member who acted and the target's resources", async ({ ld, request }) => {
    const key = await history(ld, request, "fields", 1);
    const items = (await ld.as("admin").auditlog.getAuditLogEntries(undefined, undefined, key, 20)).data.items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const entry of items) {
      expect(entry.member).toMatchObject({ email: DEMO.admin.email });
      expect(entry.target?.resources).toEqual(expect.arrayContaining([expect.stringContaining(`proj/${key}`)]));
      expect(entry.accesses.length).toBeGreaterThan(0);
    }
  });

  test("getAuditLogEntries: q searches, spec selects by resource", async ({ ld, request }) => {
    const mine = await history(ld, request, "search", 1);
    const other = await history(ld, request, "elsewhere", 1);
    const { auditlog } = ld.as("admin");
    const byQ = (await auditlog.getAuditLogEntries(undefined, undefined, mine, 20)).data.items;
    expect(byQ.length).toBeGreaterThan(0);
    expect(byQ.every((e) => JSON.stringify(e).includes(mine))).toBe(true);
    const bySpec = (await auditlog.getAuditLogEntries(undefined, undefined, undefined, 20, `proj/${mine}`)).data.items;
    expect(bySpec.length).toBeGreaterThan(0);
    expect(bySpec.some((e) => JSON.stringify(e).includes(other))).toBe(false);
  });

  test("getAuditLogEntries: before and after are exclusive, so a before-pager ends", async ({ ld, request }) => {
    const key = await history(ld, request, "pager", 3);
    const { auditlog } = ld.as("admin");
    const all = (await auditlog.getAuditLogEntries(undefined, undefined, undefined, 20, `proj/${key}`)).data.items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const newest = all[0]!;
    const oldest = all.at(-1)!;
    expect((await auditlog.getAuditLogEntries(newest.date, undefined, undefined, 20, `proj/${key}`)).data.items.every((e) => e.date < newest.date)).toBe(true);
    expect((await auditlog.getAuditLogEntries(undefined, oldest.date, undefined, 20, `proj/${key}`)).data.items.every((e) => e.date > oldest.date)).toBe(true);
    const seen: AuditLogEntryListingRep[] = [];
    let before: number | undefined;
    for (let pages = 0; ; pages++) {
      expect(pages, "the before-pager did not end").toBeLessThan(50);
      const items = (await auditlog.getAuditLogEntries(before, undefined, undefined, 1, `proj/${key}`)).data.items;
      if (items.length === 0) break;
      expect(items).toHaveLength(1);
      if (before !== undefined) expect(items[0]!.date).toBeLessThan(before);
      seen.push(items[0]!);
      before = items[0]!.date;
    }
    expect(new Set(seen.map((e) => e._id)).size).toBe(seen.length);
  });

  test("getAuditLogEntries: limit is within LaunchDarkly's 1 to 20, and out of range is refused", async ({ ld, request }) => {
    const { auditlog } = ld.as("admin");
    for (let n = 0; n < 3; n++) await history(ld, request, `limit-${n}`, 7);
    expect((await auditlog.getAuditLogEntries(undefined, undefined, undefined, 5)).data.items).toHaveLength(5);
    expect((await auditlog.getAuditLogEntries(undefined, undefined, undefined, 20)).data.items).toHaveLength(20);
    // Out of range is refused, as every Tollgate list refuses rather than clamps.
    expect(await refusal(auditlog.getAuditLogEntries(undefined, undefined, undefined, 100))).toMatchObject({ status: 400, data: { code: "invalid_request" } });
    expect((await auditlog.getAuditLogEntries()).data.items).toHaveLength(10);
  });

  test("getAuditLogEntry: one entry, in full, where its _links.self points", async ({ ld, request }) => {
    const key = await history(ld, request, "entry", 1);
    const { auditlog } = ld.as("admin");
    const [listed] = (await auditlog.getAuditLogEntries(undefined, undefined, undefined, 1, `proj/${key}`)).data.items;
    const entry = (await auditlog.getAuditLogEntry(listed!._id)).data;
    expect(entry).toMatchObject({ _id: listed!._id, date: listed!.date, kind: listed!.kind });
    const self = await request.get(listed!._links.self!.href!, { headers: { Authorization: apiTokenOf("admin") } });
    expect(self.status()).toBe(200);
    expect((await self.json())._id).toBe(listed!._id);
    expect(await refusal(auditlog.getAuditLogEntry("0".repeat(24)))).toMatchObject({ status: 404, data: { code: "not_found" } });
  });

  test("postAuditLogEntries: a policy selects the entries, with before, after, q and limit", async ({ ld, request }) => {
    const mine = await history(ld, request, "policy", 2);
    const other = await history(ld, request, "not-policy", 1);
    const { auditlog } = ld.as("admin");
    const statements: StatementPost[] = [{ effect: "allow", actions: ["*"], resources: [`proj/${mine}`] }];
    const items = (await auditlog.postAuditLogEntries(undefined, undefined, undefined, 20, statements)).data.items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.some((e) => JSON.stringify(e).includes(other))).toBe(false);
    const [newest] = items;
    const older = (await auditlog.postAuditLogEntries(newest!.date, 0, mine, 1, statements)).data.items;
    expect(older).toHaveLength(1);
    expect(older[0]!.date).toBeLessThan(newest!.date);
  });
});

// ——— Coverage ——————————————————————————————————————————————————————————————————————————————

test("this spec calls every method of the five API classes in scope", () => {
  const source = readFileSync(import.meta.filename, "utf8");
  const missing = API_CLASSES.flatMap((apiClass) => methodsOf(apiClass).filter((method) => !source.includes(`.${method}(`)).map((method) => `${apiClass}.${method}`));
  expect(missing).toEqual([]);
});
