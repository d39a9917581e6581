import { readFileSync } from "node:fs";
import { SERVER_LOG } from "./support";

/** One entry of the server's JSON log (lib/operations/logger.ts); request lines carry the rest. */
export interface LogEntry {
  level: string;
  time: string;
  msg: string;
  reqId?: string;
  door?: "api" | "console";
  route?: string;
  method?: string;
  status?: number;
  ms?: number;
  ip?: string | null;
  memberId?: string;
  tokenId?: string;
  [field: string]: unknown;
}

/** Every line of a log as JSON; the lines that are not a JSON object are returned apart. */
export function parseLog(text: string): { entries: LogEntry[]; notJson: string[] } {
  const entries: LogEntry[] = [];
  const notJson: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      const entry = JSON.parse(line) as unknown;
      if (entry && typeof entry === "object" && !Array.isArray(entry)) entries.push(entry as LogEntry);
      else notJson.push(line);
    } catch {
      notJson.push(line);
    }
  }
  return { entries, notJson };
}

/** The e2e server's log so far (playwright.config.ts tees everything it prints into SERVER_LOG). */
export const serverLog = () => readFileSync(SERVER_LOG, "utf8");

/** The request lines of a log. */
export const requestLines = (entries: LogEntry[]) => entries.filter((e) => typeof e.reqId === "string" && typeof e.route === "string");
