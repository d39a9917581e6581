import { testDatabaseKind } from "../helpers/env";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { signInWithPassword } from "@/lib/auth";
import { inviteMember, resetMemberPassword } from "@/lib/members";
import { openLink, setPasswordWithLink } from "@/lib/passwords";
import { createTestAccount } from "../helpers/accounts";

// A real SMTP conversation: an in-process server on a free loopback port, Tollgate configured
// with SMTP_URL pointing at it, and the link read back from the message that arrived.

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
const waiting: ((mail: Received) => void)[] = [];
let server: SMTPServer;
let port: number;

/** Tollgate reads its configuration once per process; these tests change it. */
function configure(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("tollgate.env")];
}

/** The next message to arrive (or one that already did and nobody took). */
function nextMail(): Promise<Received> {
  const ready = received.shift();
  return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
}

/** The text of a message, quoted-printable soft breaks and escapes undone. */
function bodyOf(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        const mail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw };
        const waiter = waiting.shift();
        if (waiter) waiter(mail);
        else received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
  configure({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: "Tollgate <tollgate@example.test>" });
});

afterAll(async () => {
  configure({ SMTP_URL: undefined, SMTP_FROM: undefined });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDatabase();
});

describe(`set-password links by email (${testDatabaseKind})`, () => {
  it("emails the invitation's link to the invitee, and the link from the email sets their password", async () => {
    const a = await createTestAccount({ name: "Mailcorp" });
    const mail = nextMail();
    const invited = await inviteMember(a.admin, { email: "mailed@example.test", firstName: "Mae", role: "reader" });
    expect(invited.emailed).toBe(true);
    const message = await mail;
    expect(message.from).toBe("tollgate@example.test");
    expect(message.to).toEqual(["mailed@example.test"]);
    const body = bodyOf(message.raw);
    expect(body).toContain("Mailcorp");
    expect(body).toContain(`by ${a.admin.displayName}`);
    const link = body.match(/https?:\/\/\S+\/set-password\/([A-Za-z0-9_-]{43})/);
    expect(link?.[0]).toBe(invited.setPasswordUrl);

    expect(await openLink(link![1])).toMatchObject({ email: "mailed@example.test", purpose: "invite" });
    await setPasswordWithLink({ token: link![1], password: "amber-falcon-tundra-whistle", ip: null });
    expect((await signInWithPassword({ email: "mailed@example.test", password: "amber-falcon-tundra-whistle", clientIp: `198.51.100.${Math.random()}` })).ok).toBe(true);
  });

  it("emails an admin's reset link to the member", async () => {
    const a = await createTestAccount();
    const mail = nextMail();
    const reset = await resetMemberPassword(a.admin, a.writer.memberId);
    expect(reset.emailed).toBe(true);
    const message = await mail;
    expect(message.to).toEqual([a.writer.displayName]);
    expect(bodyOf(message.raw)).toContain(reset.setPasswordUrl);
  });

  it("still hands the link to the inviter when the mail server cannot be reached, and says it was not emailed", async () => {
    const a = await createTestAccount();
    // A port nothing listens on: the server just closed it.
    const closed = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], logger: false });
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    configure({ SMTP_URL: `smtp://127.0.0.1:${deadPort}` });
    try {
      const invited = await inviteMember(a.admin, { email: "unmailed@example.test", role: "reader" });
      expect(invited.emailed).toBe(false);
      expect(await openLink(invited.setPasswordUrl.split("/set-password/")[1])).not.toBeNull();
    } finally {
      configure({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    }
  });
});
