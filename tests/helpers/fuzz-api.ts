// The REST API under fuzzing: an account with tokens, a role, a project and a spare member to
// aim at, and one `send` that checks what every answer must look like (SECURITY.md, property 5).
import { expect } from "vitest";
import { database } from "@/db/client";
import { createApiApp, errorSchema } from "@/lib/api";
import { getMember, inviteMember } from "@/lib/members";
import { createProject, getFlagDefaults, getProjectWithEnvironments } from "@/lib/projects";
import { createRole, getRole } from "@/lib/roles";
import { createAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { findToken } from "@/lib/tokens/queries";
import { createTestAccount, type TestAccount } from "./accounts";
import { countRows, type WriteCounts } from "./fuzz";

export interface ApiFixture {
  account: TestAccount;
  secrets: { owner: string; writer: string; reader: string };
  /** A personal token of the owner, a custom role, a project and a writer member to change. */
  tokenId: string;
  roleKey: string;
  projectKey: string;
  memberId: string;
}

export async function createApiFixture(): Promise<ApiFixture> {
  const account = await createTestAccount();
  const mint = async (actor: Actor) => (await createAccessToken(actor, { name: "fuzzer", permission: { kind: "role", role: actor.memberRole } })).secret;
  const secrets = { owner: await mint(account.owner), writer: await mint(account.writer), reader: await mint(account.reader) };
  const { token } = await createAccessToken(account.owner, { name: "target", permission: { kind: "role", role: "reader" } });
  const role = await createRole(account.owner, { key: "fuzz-role", name: "Fuzz role", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] });
  const project = await createProject(account.owner, { key: "fuzz-project", name: "Fuzz project" });
  const { member } = await inviteMember(account.owner, { email: "target@fuzz.test", role: "writer" });
  return { account, secrets, tokenId: token.id, roleKey: role.key, projectKey: project.key, memberId: member.id };
}

const api = createApiApp();

export interface Sent {
  status: number;
  body: unknown;
}

/**
 * One request through the real routes, with what every answer must satisfy: never a 5xx, and
 * every error exactly the API's error body (`errorSchema`, the OpenAPI document's `Error`:
 * `{code, id, message}`), with the addresses that cannot be invited (`invalid_emails`) only in
 * an invitation's (`POST /api/v2/members`).
 */
export async function send(
  method: string,
  path: string,
  options: { secret?: string; body?: string; headers?: Record<string, string>; ip?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "x-tollgate-client-ip": options.ip ?? "198.51.100.7",
    ...(options.secret === undefined ? {} : { Authorization: options.secret }),
    ...options.headers,
  };
  const response = await api.request(path, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) });
  const text = await response.text();
  const what = `${method} ${path.slice(0, 120)} answered ${response.status}: ${text.slice(0, 200)}`;
  expect(response.status, what).toBeLessThan(500);
  const body: unknown = text === "" ? null : JSON.parse(text);
  if (response.status >= 400) {
    const error = errorSchema.strict().safeParse(body);
    expect(error.success, `${what}: ${error.error?.message ?? ""}`).toBe(true);
    if (error.data?.invalid_emails !== undefined) {
      expect(method === "POST" && path.split("?")[0] === "/api/v2/members", `${what}: invalid_emails outside an invitation`).toBe(true);
      expect(error.data.invalid_emails.length, what).toBeGreaterThan(0);
    }
  }
  return { status: response.status, body };
}

/** Everything a request could have changed in the fixture, to show a refusal changed nothing. */
export async function snapshot(fx: ApiFixture): Promise<{ counts: WriteCounts; things: string }> {
  const db = await database();
  const owner = fx.account.owner;
  const token = await findToken(db, fx.account.accountId, fx.tokenId);
  const things = JSON.stringify({
    token: token && { ...token, lastUsedAt: null },
    role: await getRole(owner, fx.roleKey).catch(() => null),
    project: await getProjectWithEnvironments(owner, fx.projectKey).catch(() => null),
    flagDefaults: await getFlagDefaults(owner, fx.projectKey).catch(() => null),
    member: await getMember(owner, fx.memberId).catch(() => null),
  });
  return { counts: await countRows(fx.account.accountId), things };
}

/** A refused request wrote nothing: no row, no history entry, no change to the fixture. */
export async function expectNothingWritten(fx: ApiFixture, before: Awaited<ReturnType<typeof snapshot>>, what: string) {
  expect(await snapshot(fx), `${what} was refused but wrote something`).toEqual(before);
}
