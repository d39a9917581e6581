import { testDatabaseKind } from "../helpers/env";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, database, queryRows } from "@/db/client";
import { maintenanceFor, runMaintenancePass, startEmbeddedMaintenance } from "@/db/maintenance";

// PGlite has no autovacuum; db/maintenance.ts stands in for it. PostgreSQL runs its own, so the
// file only runs with the embedded database.
const embedded = testDatabaseKind === "pglite";

interface Activity {
  dead: number;
  modified: number;
  inserted: number;
  analyzed: Date | null;
  vacuumed: Date | null;
  allVisible: number;
}

async function activity(client: PGlite, table = "items"): Promise<Activity> {
  await client.query("select pg_stat_force_next_flush()");
  const { rows } = await client.query<Activity>(
    `select s.n_dead_tup::int as dead, s.n_mod_since_analyze::int as modified, s.n_ins_since_vacuum::int as inserted,
            s.last_analyze as analyzed, s.last_vacuum as vacuumed, c.relallvisible as "allVisible"
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1`,
    [table],
  );
  return rows[0]!;
}

const insert = (client: PGlite, rows: number) =>
  client.exec(`insert into items (v) select g from generate_series(1, ${rows}) g`);

describe.runIf(embedded)("embedded database maintenance (what autovacuum does for PostgreSQL)", () => {
  describe("thresholds", () => {
    const table = { schema: "public", table: "t", reltuples: 10_000, dead: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0 };

    it("analyzes a table once more than 50 + 10% of its rows changed", () => {
      expect(maintenanceFor({ ...table, modifiedSinceAnalyze: 1050 })).toBeNull();
      expect(maintenanceFor({ ...table, modifiedSinceAnalyze: 1051 })).toBe("ANALYZE");
    });

    it("vacuums a table once more than 50 + 20% of its rows are dead", () => {
      expect(maintenanceFor({ ...table, dead: 2050 })).toBeNull();
      expect(maintenanceFor({ ...table, dead: 2051 })).toBe("VACUUM");
      expect(maintenanceFor({ ...table, dead: 2051, modifiedSinceAnalyze: 2051 })).toBe("VACUUM (ANALYZE)");
    });

    it("vacuums an insert-only table once more than 1000 + 20% of its rows are new (for the visibility map)", () => {
      expect(maintenanceFor({ ...table, insertedSinceVacuum: 3000 })).toBeNull();
      expect(maintenanceFor({ ...table, insertedSinceVacuum: 3001 })).toBe("VACUUM");
    });

    it("counts a never-analyzed table as empty", () => {
      expect(maintenanceFor({ ...table, reltuples: -1, modifiedSinceAnalyze: 51 })).toBe("ANALYZE");
    });
  });

  describe("a pass", () => {
    let client: PGlite;
    beforeEach(async () => {
      client = await PGlite.create("memory://");
      await client.exec("create table items (id serial primary key, v int not null)");
    });
    afterEach(() => client.close());

    it("analyzes a table after many inserts", async () => {
      await insert(client, 500);
      expect((await activity(client)).modified).toBe(500);

      expect(await runMaintenancePass(client)).toEqual([{ table: "items", command: "ANALYZE" }]);

      const after = await activity(client);
      expect(after.analyzed).not.toBeNull();
      expect(after.modified).toBe(0);
      const { rows } = await client.query<{ reltuples: number }>("select reltuples from pg_class where relname = 'items'");
      expect(rows[0]!.reltuples).toBe(500);
    });

    it("vacuums a table after many inserts, so index-only scans can skip the heap", async () => {
      await insert(client, 2000);

      expect(await runMaintenancePass(client)).toEqual([{ table: "items", command: "VACUUM (ANALYZE)" }]);

      const after = await activity(client);
      expect(after.vacuumed).not.toBeNull();
      expect(after.inserted).toBe(0);
      expect(after.allVisible).toBeGreaterThan(0);
    });

    it("vacuums away dead rows after a large update", async () => {
      await insert(client, 2000);
      await runMaintenancePass(client);
      await client.exec("update items set v = v + 1 where id <= 1000");
      expect((await activity(client)).dead).toBe(1000);

      expect(await runMaintenancePass(client)).toEqual([{ table: "items", command: "VACUUM (ANALYZE)" }]);
      expect((await activity(client)).dead).toBe(0);
    });

    it("does nothing below the thresholds", async () => {
      await insert(client, 2000);
      await runMaintenancePass(client);
      const before = await activity(client);
      await client.exec("update items set v = v + 1 where id <= 40");
      await insert(client, 10);

      expect(await runMaintenancePass(client)).toEqual([]);
      const after = await activity(client);
      expect(after.analyzed).toEqual(before.analyzed);
      expect(after.vacuumed).toEqual(before.vacuumed);
    });

    it("waits for an open transaction instead of running inside it", async () => {
      await insert(client, 2000);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const order: string[] = [];
      const transaction = client.transaction(async (tx) => {
        await tx.exec("insert into items (v) values (0)");
        await held;
        order.push("committed");
      });
      // VACUUM inside a transaction block would fail; the pass must queue behind it instead.
      const pass = runMaintenancePass(client).then((done) => (order.push("pass"), done));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(order).toEqual([]);
      release();
      await transaction;
      expect(await pass).toEqual([{ table: "items", command: "VACUUM (ANALYZE)" }]);
      expect(order).toEqual(["committed", "pass"]);
    });
  });

  describe("started on a database", () => {
    it("vacuums and analyzes every table right after open, then keeps up on its timer", async () => {
      const client = await PGlite.create("memory://");
      await client.exec("create table items (id serial primary key, v int not null)");
      await insert(client, 100);
      const maintenance = startEmbeddedMaintenance(client, { intervalMs: 50 });
      try {
        await maintenance.firstPass;
        const opened = await activity(client);
        expect(opened.analyzed).not.toBeNull();
        expect(opened.vacuumed).not.toBeNull();

        await insert(client, 300);
        await expect.poll(async () => (await activity(client)).modified, { timeout: 5_000 }).toBe(0);
      } finally {
        maintenance.stop();
        await client.close();
      }
    });

    it("stays silent when the database closes under it", async () => {
      const client = await PGlite.create("memory://");
      const maintenance = startEmbeddedMaintenance(client, { intervalMs: 10 });
      await client.close();
      await expect(maintenance.firstPass).resolves.toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 50));
      maintenance.stop();
    });

    it("is started by the application's database client", async () => {
      const db = await database();
      await expect
        .poll(
          async () => {
            const [row] = await queryRows<{ analyzed: Date | null }>(
              db,
              sql`select last_analyze as analyzed from pg_stat_user_tables where relname = 'access_tokens'`,
            );
            return row?.analyzed ?? null;
          },
          { timeout: 10_000 },
        )
        .not.toBeNull();
    });
  });

  describe("settings", () => {
    // The embedded database's memory is PostgreSQL's WebAssembly memory, which never shrinks:
    // the application's client opens it with small buffers, a lock table for one backend and
    // small ANALYZE samples (db/client.ts).
    it.each([
      ["shared_buffers", "8MB"],
      ["max_connections", "2"],
      ["default_statistics_target", "10"],
    ])("opens the application's database with %s = %s", async (name, value) => {
      const db = await database();
      const [row] = await queryRows<{ setting: string }>(db, sql`select current_setting(${name}) as setting`);
      expect(row?.setting).toBe(value);
    });
  });
});

afterAll(() => closeDatabase());
