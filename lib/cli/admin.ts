// `npm run admin -- …`: what an operator does from a shell (headless installs, recovery). It uses
// the server's own configuration rules (lib/env.ts), database client and domain functions.
import { closeDatabase } from "../../db/client";
import { ConfigError, env } from "../env";
import { classifyError, isDomainError } from "../errors";
import { createPasswordResetLink } from "../passwords";
import { createFirstAccount } from "../setup";
import { parseAdminArgs, passwordFromStdin, UsageError, USAGE, type AdminCommand } from "./admin-args";

export interface AdminIo {
  /** All of standard input; refuses when it is a terminal (a typed password would be shown). */
  readStdin(): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

/** The flags the domain's field names came from, so a refusal names what the operator typed. */
const FLAG_OF_FIELD: Record<string, string> = { accountName: "--name", ownerName: "--owner-name", email: "--email", password: "the password" };

/** Runs one command; every outcome is one line. Returns the exit code: 0 done, 1 refused, 2 usage. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`tollgate admin: ${error.message} (npm run admin -- help)`);
    return 2;
  }
  if (command.command === "help") {
    io.out(USAGE);
    return 0;
  }
  try {
    env();
    io.out(await run(command, io));
    return 0;
  } catch (error) {
    io.err(`tollgate admin: ${refusal(error)}`);
    return 1;
  } finally {
    await closeDatabase();
  }
}

async function run(command: Exclude<AdminCommand, { command: "help" }>, io: AdminIo): Promise<string> {
  if (command.command === "reset-password") {
    const { url, expiresAt } = await createPasswordResetLink({ email: command.email });
    return `Set-password link for ${command.email.trim().toLowerCase()} (works once, until ${expiresAt.toISOString()}): ${url}`;
  }
  const password = passwordFromStdin(await io.readStdin());
  if (password === "") throw new UsageError("no password on standard input (pipe it in: printf '%s' \"$PASSWORD\" | npm run admin -- create-account …)");
  const { email } = await createFirstAccount({ accountName: command.accountName, ownerName: command.ownerName, email: command.email, password }, { via: "command line" });
  return `Created the account "${command.accountName.trim()}" and its owner ${email}; sign in at ${env().publicUrl.replace(/\/+$/, "")}/login`;
}

/** One line saying why, naming the flag at fault; never a stack trace, never the password. */
function refusal(error: unknown): string {
  if (error instanceof ConfigError || error instanceof UsageError) return error.message;
  if (isDomainError(error)) {
    const [field, message] = Object.entries(error.fieldErrors ?? {})[0] ?? [];
    return field && message ? `${FLAG_OF_FIELD[field] ?? field}: ${message}` : error.message;
  }
  const { class: kind, message } = classifyError(error);
  if (kind === "unavailable") return "the database is unavailable; check DATABASE_URL and that PostgreSQL is running";
  return message ?? `failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
}
