// Sending email (set-password links) through the SMTP server the operator configured
// (SMTP_URL, SMTP_FROM). Optional: without it, a link is only shown to whoever issued it.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const KEY = Symbol.for("tollgate.mailer");
type Holder = { [KEY]?: { url: string; transport: Transporter } };

/** One transport per process and SMTP_URL (nodemailer opens a connection per message). */
function transport(url: string): Transporter {
  const holder = globalThis as Holder;
  if (holder[KEY]?.url !== url) {
    // nodemailer logs nothing unless asked to; its debug output would include the message
    // and so the link, so both stay off whatever the environment says.
    holder[KEY] = { url, transport: nodemailer.createTransport(url, { logger: false, debug: false }) };
  }
  return holder[KEY]!.transport;
}

/** Whether email can be sent at all (SMTP_URL and SMTP_FROM are set). */
export function mailConfigured(): boolean {
  return env().smtp !== null;
}

/**
 * Sends `mail` and says whether it went. A failure is logged by its kind only — never the
 * message, which holds a link — and reported back, so the person who issued the link knows to
 * pass it on themselves: a link is always shown to them too.
 */
export async function sendMail(mail: Mail): Promise<boolean> {
  const smtp = env().smtp;
  if (!smtp) return false;
  try {
    await transport(smtp.url).sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    console.error(`[mail] could not send an email (${typeof code === "string" ? code : "error"})`);
    return false;
  }
}
