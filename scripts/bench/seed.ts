// `npm run bench`'s data: a large account (10,000 personal and service tokens across 200
// members, with the change history their creation writes) and a small one (10 tokens), created
// through the domain layer — the same functions the console and the API call — on the database
// that DATABASE_URL or TOLLGATE_DATA_DIR names. Run with tsx before the server starts (PGlite
// allows one process per data directory). Prints one JSON line: the credentials the load needs.
import { randomBytes } from "node:crypto";
import { closeDatabase, database } from "../../db/client";
import { accounts, members } from "../../db/schema";
import { loadMemberActor } from "../../lib/auth";
import { hashPassword } from "../../lib/secrets";
import { inviteMembers, type InvitedMember } from "../../lib/members";
import { setPasswordWithLink } from "../../lib/passwords";
import type { BuiltInRole } from "../../lib/policy";
import { createRole } from "../../lib/roles";
import { createAccessToken, type CreateTokenInput } from "../../lib/tokens";
import { type Actor } from "../../lib/access";

const TOKENS = Number(process.env.BENCH_TOKENS ?? 10_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200);
const SERVICE_TOKENS = 200;
const SMALL_TOKENS = 10;
const CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 8);
const IP = "198.51.100.1";

async function actorOf(memberId: string): Promise<Actor> {
  const actor = await loadMemberActor(memberId, IP);
  if (!actor) throw new Error(`member ${memberId} is not active`);
  return actor;
}

/** The invitee chooses `password` through their link, as they would in the browser. */
async function accept(invited: InvitedMember, password: string) {
  const token = invited.setPasswordUrl.split("/set-password/")[1];
  await setPasswordWithLink({ token, password, ip: IP });
  return { email: invited.member.email, password };
}

/** An account and its first member, an owner with a known password (what sign-up would do). */
async function createAccount(name: string, password: string) {
  const db = await database();
  const [account] = await db.insert(accounts).values({ name, serviceTokenLimit: SERVICE_TOKENS }).returning({ id: accounts.id });
  const tag = randomBytes(3).toString("hex");
  const email = `owner-${tag}@${name.toLowerCase().replace(/\W+/g, "-")}.bench`;
  const [owner] = await db
    .insert(members)
    .values({ accountId: account!.id, email, firstName: "Bench", lastName: "Owner", role: "owner", passwordHash: await hashPassword(password) })
    .returning({ id: members.id });
  return { accountId: account!.id, owner: await actorOf(owner!.id), ownerEmail: email };
}

/** Runs `jobs` with at most `limit` in flight (PostgreSQL takes them in parallel; PGlite in turn). */
async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function roleFor(i: number): BuiltInRole {
  if (i < 9) return "admin";
  return i < 100 ? "writer" : "reader";
}

/** A mix like a real account's: mostly built-in roles, some custom roles, an inline policy now and then, some expiring. */
function personalToken(member: Actor, n: number, customRoleIds: string[]): CreateTokenInput {
  const day = 24 * 60 * 60 * 1000;
  const permission: CreateTokenInput["permission"] =
    n % 10 === 7
      ? { kind: "customRoles", customRoleIds }
      : n % 10 === 8
        ? { kind: "inline", policy: [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }] }
        : { kind: "role", role: n % 3 === 0 ? member.memberRole === "reader" ? "reader" : "writer" : "reader" };
  return {
    name: `${member.displayName.split("@")[0]} token ${n}`,
    description: n % 4 === 0 ? "Deploys from CI" : "",
    permission,
    expiresAt: n % 5 === 0 ? new Date(Date.now() + (30 + n) * day) : null,
  };
}

async function seedLarge(password: string) {
  const { owner, ownerEmail } = await createAccount("Bench large", password);
  const auditor = await createRole(owner, { key: "auditor", name: "Auditor", policy: [{ effect: "deny", actions: ["*"], resources: ["*"] }] });

  // Members arrive the way an admin adds them: invitations, in the API's batches of 50.
  const invites = Array.from({ length: MEMBERS - 1 }, (_, i) => ({
    email: `member-${i}@large.bench`,
    firstName: `Member${i}`,
    lastName: "Bench",
    role: roleFor(i),
  }));
  const invited = [];
  for (let i = 0; i < invites.length; i += 50) invited.push(...(await inviteMembers(owner, invites.slice(i, i + 50))));
  const admin = invited[0]!;
  const actors = [owner, ...(await Promise.all(invited.map(({ member }) => actorOf(member.id))))];

  const personalEach = Math.floor((TOKENS - SERVICE_TOKENS) / actors.length);
  const extra = TOKENS - SERVICE_TOKENS - personalEach * actors.length;
  const jobs: (() => Promise<unknown>)[] = [];
  actors.forEach((actor, m) => {
    const count = personalEach + (m < extra ? 1 : 0);
    for (let n = 0; n < count; n++) jobs.push(() => createAccessToken(actor, personalToken(actor, n, [auditor.id])));
  });
  for (let n = 0; n < SERVICE_TOKENS; n++) {
    jobs.push(() =>
      createAccessToken(owner, { name: `service ${n}`, serviceToken: true, permission: { kind: "role", role: n % 2 ? "reader" : "writer" } }),
    );
  }
  // Interleaved, as members create tokens over time (a list page is not one member's block).
  jobs.sort(() => Math.random() - 0.5);
  await inParallel(jobs, CONCURRENCY);

  // The benchmark's API caller: the admin's own personal admin token, created last.
  const adminActor = await actorOf(admin.member.id);
  const apiToken = await createAccessToken(adminActor, { name: "bench api", permission: { kind: "role", role: "admin" } });
  return {
    ownerEmail,
    admin: await accept(admin, password),
    apiToken: apiToken.secret,
    tokens: TOKENS + 1,
    members: actors.length,
  };
}

async function seedSmall(password: string) {
  const { owner, ownerEmail } = await createAccount("Bench small", password);
  const [admin] = await inviteMembers(owner, [{ email: "admin@small.bench", firstName: "Small", lastName: "Admin", role: "admin" }]);
  const adminActor = await actorOf(admin!.member.id);
  for (let n = 0; n < SMALL_TOKENS; n++) {
    await createAccessToken(n % 2 ? owner : adminActor, {
      name: `small ${n}`,
      serviceToken: n % 5 === 0,
      permission: { kind: "role", role: "reader" },
    });
  }
  // An admin with a few tokens of their own, listing them through the API.
  const apiToken = await createAccessToken(adminActor, { name: "bench api", permission: { kind: "role", role: "admin" } });
  return { ownerEmail, admin: await accept(admin!, password), apiToken: apiToken.secret, tokens: SMALL_TOKENS + 1 };
}

const started = Date.now();
const password = randomBytes(12).toString("base64url");
const large = await seedLarge(password);
const small = await seedSmall(password);
await closeDatabase();
console.log(JSON.stringify({ large, small, seconds: (Date.now() - started) / 1000 }));
