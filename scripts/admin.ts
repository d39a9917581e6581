// `npm run admin -- <command>`: the operator's command line (lib/cli/admin.ts). Run with tsx, so it
// works right after `npm install`, without a build. Reads the same environment as the server.
import { runAdmin, UsageError } from "../lib/cli";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError("--password-stdin reads a pipe, not a terminal: printf '%s' \"$PASSWORD\" | npm run admin -- create-account …");
  }
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

const code = await runAdmin(process.argv.slice(2), {
  readStdin,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
process.exit(code);
