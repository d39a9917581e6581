"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action-result";
import { clientIpFrom } from "@/lib/auth";
import { parseForm } from "@/lib/forms";
import { setPasswordWithLink } from "@/lib/passwords";

// No session here: the link's token is the credential. setPasswordWithLink looks it up (one
// indexed query for its hash) before doing any costly work, so junk costs next to nothing.
const setPasswordForm = z.object({ token: z.string().max(200), password: z.string().max(1_000) });

export async function setPasswordAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const ip = clientIpFrom(await headers());
  return runAction(async () => {
    const { token, password } = parseForm(setPasswordForm, input);
    return setPasswordWithLink({ token, password, ip });
  });
}
