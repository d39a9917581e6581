import { z } from "zod";

// The browser door's shapes: server actions are public endpoints, so these accept `unknown` and
// bound every size. The rules themselves (the current password, the strength rule) are the domain's.
export const changePasswordForm = z.object({
  currentPassword: z.string().max(1_024),
  newPassword: z.string().max(1_024),
});

export const endSessionForm = z.object({ sessionId: z.string().min(1).max(64) });
