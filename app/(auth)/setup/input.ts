import { z } from "zod";

// The setup form's shape. Server actions are public endpoints: every size is bounded here, before
// the domain's own rules (lib/setup) check each field exactly.
const text = (max: number) => z.string().max(max, "This is too long");

export const setupInput = z.object({
  accountName: text(1_000),
  ownerName: text(1_000).refine((name) => name.trim() !== "", "Enter your name"),
  email: text(1_000),
  password: text(1_000),
  setupCode: text(200),
});

export type SetupInput = z.infer<typeof setupInput>;
