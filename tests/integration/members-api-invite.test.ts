// POST /api/v2/members and DELETE /api/v2/members/{id} as LaunchDarkly's scripts call them:
// custom roles and no_access at invitation, LaunchDarkly's answers to addresses that can't be
// invited, the createMember action, and inviting an address again after its member was removed.
import { testDatabaseKind } from "../helpers/env";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { members } from "@/db/schema";
import { Forbidden } from "@/lib/errors";
import { getMember, inviteMember, listMembers } from "@/lib/members";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { historyOf } from "../helpers/history";

afterAll(() => closeDatabase());

const allow = (actions: string[]) => [{ effect: "allow", actions, resources: ["member/*"] }];

async function ownerScript() {
  const a = await createTestAccount({
    customRoles: [
      { key: "deployers", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] },
      { key: "auditors", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] },
    ],
  });
  const { secret } = await createAccessToken(a.owner, { name: "script", permission: { kind: "role", role: "owner" } });
  return { a, secret };
}

describe(`POST /members as LaunchDarkly's scripts call it (${testDatabaseKind})`, () => {
  it("gives the new member custom roles named by key or id, and no_access when only custom roles are given", async () => {
    const { a, secret } = await ownerScript();
    const deployers = a.roles.deployers?.id ?? "";
    const answer = await apiCall("POST", "/members", {
      secret,
      body: [
        { email: "keys@invite.test", customRoles: ["deployers", "auditors"] },
        { email: "ids@invite.test", role: "writer", customRoles: [deployers] },
      ],
    });
    expect(answer.status).toBe(201);
    const items = answer.json.items as Record<string, unknown>[];
    // In the order of their keys.
    expect(items[0]).toMatchObject({ email: "keys@invite.test", role: "no_access", customRoles: [a.roles.auditors?.id, deployers], _customRoleKeys: ["auditors", "deployers"] });
    expect(items[1]).toMatchObject({ email: "ids@invite.test", role: "writer", customRoles: [deployers] });
    const [entry] = await historyOf(a, String(items[0]?._id));
    expect(entry?.changes).toMatchObject({ role: { after: "no_access" }, customRoleIds: { after: [a.roles.auditors?.id, deployers].sort() } });
  });

  it("accepts no_access as a role: a member who may change nothing, not even their own tokens", async () => {
    const { a, secret } = await ownerScript();
    const answer = await apiCall("POST", "/members", { secret, body: [{ email: "none@invite.test", role: "no_access" }] });
    expect(answer.status).toBe(201);
    const id = String((answer.json.items as { _id: string }[])[0]?._id);
    expect((await getMember(a.owner, id)).role).toBe("no_access");
    // Established (as if they had chosen a password), they still may not make a token of their own.
    const db = await database();
    await db.update(members).set({ passwordSetAt: new Date() }).where(eq(members.id, id));
    const none = await a.actor(id);
    await expect(createAccessToken(none, { name: "mine", permission: { kind: "role", role: "no_access" } })).rejects.toBeInstanceOf(Forbidden);
  });

  it("refuses an invitation with neither a role nor custom roles, an unknown custom role, a password and role attributes", async () => {
    const { secret } = await ownerScript();
    for (const [entry, words] of [
      [{ email: "bare@invite.test" }, "role or custom roles"],
      [{ email: "bad@invite.test", customRoles: ["no-such-role"] }, "custom roles do not exist"],
      [{ email: "pw@invite.test", role: "reader", password: "hunter2hunter2" }, "password"],
      [{ email: "ra@invite.test", role: "reader", roleAttributes: { projects: ["web"] } }, "roleAttributes"],
    ] as const) {
      const answer = await apiCall("POST", "/members", { secret, body: [entry] });
      expect(answer.status, entry.email).toBe(400);
      expect(answer.json, entry.email).toMatchObject({ code: "invalid_request", message: expect.stringContaining(words) });
    }
  });

  it("answers teamKeys with LaunchDarkly's 403 for an account without teams", async () => {
    const { a, secret } = await ownerScript();
    const answer = await apiCall("POST", "/members", { secret, body: [{ email: "team@invite.test", role: "reader", teamKeys: ["platform"] }] });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ code: "forbidden", message: expect.stringContaining("teams") });
    expect((await listMembers(a.owner, { emails: ["team@invite.test"] })).items).toEqual([]);
    // An empty list asks for no team.
    expect((await apiCall("POST", "/members", { secret, body: [{ email: "team@invite.test", role: "reader", teamKeys: [] }] })).status).toBe(201);
  });

  it("answers addresses already in the account with 400 email_already_exists_in_account and the addresses, inviting no one", async () => {
    const { a, secret } = await ownerScript();
    const taken = a.writer.displayName.toUpperCase();
    const answer = await apiCall("POST", "/members", { secret, body: [{ email: "fresh@invite.test", role: "reader" }, { email: taken, role: "reader" }] });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: "email_already_exists_in_account", message: expect.stringContaining("already a member"), id: expect.any(String), invalid_emails: [taken.toLowerCase()] });
    expect((await listMembers(a.owner, { emails: ["fresh@invite.test"] })).items).toEqual([]);
  });

  it("answers an address named twice in one request with 400 duplicate_email and the address, inviting no one", async () => {
    const { a, secret } = await ownerScript();
    const answer = await apiCall("POST", "/members", {
      secret,
      body: [{ email: "twice@invite.test", role: "reader" }, { email: "once@invite.test", role: "reader" }, { email: " TWICE@invite.test", role: "writer" }],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: "duplicate_email", message: expect.stringContaining("once per request"), id: expect.any(String), invalid_emails: ["twice@invite.test"] });
    expect((await listMembers(a.owner, { search: "invite.test" })).items).toEqual([]);
  });

  it("lets the address of a member removed with DELETE be invited again, as a new member; history keeps both", async () => {
    const { a, secret } = await ownerScript();
    const first = await apiCall("POST", "/members", { secret, body: [{ email: "again@invite.test", role: "reader" }] });
    const firstId = String((first.json.items as { _id: string }[])[0]?._id);
    const db = await database();
    await db.update(members).set({ passwordSetAt: new Date() }).where(eq(members.id, firstId));
    expect((await apiCall("DELETE", `/members/${firstId}`, { secret })).status).toBe(204);

    const again = await apiCall("POST", "/members", { secret, body: [{ email: "Again@invite.test", role: "writer" }] });
    expect(again.status).toBe(201);
    const secondId = String((again.json.items as { _id: string }[])[0]?._id);
    expect(secondId).not.toBe(firstId);
    expect((await apiCall("GET", "/members?filter=email:again@invite.test", { secret })).json.items).toEqual([
      expect.objectContaining({ _id: secondId, role: "writer", _pendingInvite: true }),
    ]);
    // The removed member is still there, removed, for history and their tokens.
    expect((await apiCall("GET", `/members/${firstId}`, { secret })).json).toMatchObject({ _id: firstId, _removed: true });
    expect((await historyOf(a, firstId)).map((e) => e.action)).toEqual(["memberInvited", "memberRemoved"]);
    // While the new member is there, the address is taken again.
    const third = await apiCall("POST", "/members", { secret, body: [{ email: "again@invite.test", role: "reader" }] });
    expect(third.json).toMatchObject({ code: "email_already_exists_in_account", invalid_emails: ["again@invite.test"] });
    const rows = await db.select({ id: members.id }).from(members).where(and(eq(members.accountId, a.accountId), eq(members.email, "again@invite.test")));
    expect(rows).toHaveLength(2);
  });
});

describe(`who may invite (${testDatabaseKind})`, () => {
  it("needs createMember on member/*, as LaunchDarkly's invitations do, and updateMemberRole is not enough", async () => {
    const a = await createTestAccount({
      customRoles: [
        { key: "recruiter", policy: allow(["createMember"]) },
        { key: "role-changer", policy: allow(["updateMemberRole"]) },
      ],
    });
    const recruiter = await a.addMember("reader", ["recruiter"]);
    const changer = await a.addMember("reader", ["role-changer"]);
    expect((await inviteMember(recruiter, { email: "by-recruiter@invite.test", role: "reader" })).member.role).toBe("reader");
    await expect(inviteMember(changer, { email: "by-changer@invite.test", role: "reader" })).rejects.toThrow("You are not allowed to invite members");
    // Custom roles can't be ranked against built-in roles: only admins and owners give them.
    await expect(inviteMember(recruiter, { email: "with-role@invite.test", customRoles: ["recruiter"] })).rejects.toThrow(
      "Only admins and owners can give a member custom roles",
    );
  });
});
