"use server";

import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action-result";
import { clientIpFrom } from "@/lib/auth";
import { parseForm } from "@/lib/forms";
import { createFirstAccount } from "@/lib/setup";
import { setupInput } from "./input";

/**
 * Creates the first account and its owner (lib/setup: only while no account exists, and only with
 * a setup code from the server's log). The form then signs the owner in through the ordinary
 * sign-in, so a session is made one way only.
 */
export async function setUpAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const fields = parseForm(setupInput, input);
    const clientIp = clientIpFrom(await headers());
    const { email } = await createFirstAccount(fields, { via: "setup page", setupCode: fields.setupCode, clientIp });
    return { email };
  });
}
