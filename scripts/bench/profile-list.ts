// A profile of the token list's work inside one process, without HTTP: what `GET /api/v2/tokens`
// does after authentication (the query, the rows, the representations, the JSON), `ROUNDS` times
// in a row for the member EMAIL names. Run under `node --cpu-prof --import tsx` on a database
// `npm run bench`'s seed filled (DATABASE_URL or TOLLGATE_DATA_DIR); prints µs per list.
import { and, eq } from "drizzle-orm";
import { closeDatabase, database } from "../../db/client";
import { members } from "../../db/schema";
import { loadMemberActor } from "../../lib/access";
// eslint-disable-next-line no-restricted-imports -- the profile measures the representation the route builds
import { tokenRepresentation } from "../../lib/api/representations";
import { listVisibleTokens } from "../../lib/tokens";

const EMAIL = process.env.PROFILE_EMAIL ?? "admin@small.bench";
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3000);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 8);
const SHOW_ALL = process.env.PROFILE_SHOW_ALL === "1";
const AFTER = process.env.PROFILE_OFFSET ? Number(process.env.PROFILE_OFFSET) : 0;

const db = await database();
const [member] = await db.select({ id: members.id }).from(members).where(and(eq(members.email, EMAIL))).limit(1);
if (!member) throw new Error(`no member ${EMAIL}`);
const actor = (await loadMemberActor(member.id, "198.51.100.1"))!;

async function once() {
  const { items, totalCount } = await listVisibleTokens(actor, { showAll: SHOW_ALL, limit: 25, offset: AFTER });
  return JSON.stringify({ items: items.map((t) => tokenRepresentation(t)), totalCount }).length;
}

for (let i = 0; i < 200; i++) await once();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < ROUNDS) await once();
  }),
);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ email: EMAIL, rounds: ROUNDS, wallMsPerList: +(wall / ROUNDS).toFixed(3), cpuUsPerList: Math.round((cpu.user + cpu.system) / ROUNDS) }));
await closeDatabase();
