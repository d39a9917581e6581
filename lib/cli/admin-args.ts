// The admin command line's grammar, parsed by node:util's parseArgs (pure, so it is unit-tested).
import { parseArgs } from "node:util";

export const USAGE = [
  "Usage: npm run admin -- <command> [options]",
  "  create-account --name <account name> --email <owner's email> [--owner-name <owner's name>] --password-stdin",
  "      creates the first account and its owner (the password is read from standard input)",
  "  reset-password --email <member's email>",
  "      prints a set-password link for that member (it works once, for 7 days)",
].join("\n");

export type AdminCommand =
  | { command: "create-account"; accountName: string; email: string; ownerName: string }
  | { command: "reset-password"; email: string }
  | { command: "help" };

/** A mistake in the command line itself: one line, then the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const COMMANDS = {
  "create-account": {
    name: { type: "string" },
    email: { type: "string" },
    "owner-name": { type: "string" },
    "password-stdin": { type: "boolean" },
  },
  "reset-password": { email: { type: "string" } },
} as const;

/** Reads `argv` (what follows `npm run admin --`) into a command, or throws UsageError. */
export function parseAdminArgs(argv: readonly string[]): AdminCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return { command: "help" };
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
  const options = COMMANDS[command as keyof typeof COMMANDS];
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    // parseArgs explains unknown options, missing values and stray arguments; its first sentence is enough.
    throw new UsageError(`${command}: ${firstSentence(error instanceof Error ? error.message : String(error))}`);
  }
  const required = (flag: string): string => {
    const value = values[flag];
    if (typeof value !== "string" || value.trim() === "") throw new UsageError(`${command} needs --${flag} <value>`);
    return value;
  };
  if (command === "reset-password") return { command, email: required("email") };
  if (values["password-stdin"] !== true) {
    throw new UsageError("create-account needs --password-stdin: the password is read from standard input, never from an argument (which other users of the machine can see)");
  }
  return { command: "create-account", accountName: required("name"), email: required("email"), ownerName: typeof values["owner-name"] === "string" ? values["owner-name"] : "" };
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0] ?? message;
  const end = line.indexOf(". ");
  return end === -1 ? line.replace(/\.$/, "") : line.slice(0, end);
}

/** The password piped in: everything on standard input but the one line ending a shell adds. */
export function passwordFromStdin(text: string): string {
  return text.replace(/\r?\n$/, "");
}
