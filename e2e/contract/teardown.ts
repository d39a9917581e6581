import { rmSync } from "node:fs";
import { CONTRACT_LOG, E2E_PORT } from "../support";
import { contractChecker, readRecords } from "./check";

/**
 * Playwright's global teardown: validates every API response of the run against the OpenAPI
 * document (e2e/contract/check.ts) and fails the run on any mismatch, listing each with the
 * request that got it. The server is still up: Playwright stops it after this.
 */
export default async function checkContract() {
  const records = readRecords(CONTRACT_LOG);
  if (records.length === 0) return;
  const response = await fetch(`http://127.0.0.1:${E2E_PORT}/api/v2/openapi.json`);
  if (!response.ok) throw new Error(`contract check: the OpenAPI document answered ${response.status}`);
  const problems = contractChecker(await response.json());
  const mismatches = records.flatMap((record) => problems(record).map((problem) => `${record.method} ${new URL(record.url, "http://api").pathname} → ${problem}`));
  if (mismatches.length) {
    const distinct = [...new Set(mismatches)];
    throw new Error(`${distinct.length} API response(s) of ${records.length} broke the OpenAPI document's contract (${CONTRACT_LOG}):\n${distinct.slice(0, 50).join("\n")}`);
  }
  console.log(`contract check: ${records.length} API responses match the OpenAPI document`);
  rmSync(CONTRACT_LOG, { force: true });
}
