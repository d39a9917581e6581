// Creating the first account and its owner: the /setup page and `npm run admin -- create-account`.
import { like, sql } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import { accounts, members, settings } from "../../db/schema";
import { diffFields, recordChange, type HistoryWriter } from "../audit";
import { hashPassword } from "../secrets";
import { env } from "../env";
import { Conflict, Invalid, isDomainError, LimitReached, withoutQueryDetails } from "../errors";
import { invalidFromZod } from "../forms";
import { emailSchema, PERSON_NAME_MAX_LENGTH } from "../members";
import { passwordProblem } from "../passwords";
import { countedCheck, tryAgainIn } from "../rate-limit";
import { checkedText } from "../text";
import { SETUP_CODE_MAX_LENGTH, setupCodeMatches } from "./code";
import { ALREADY_SET_UP, NOT_A_SETUP_CODE, WRONG_SETUP_CODE } from "./messages";
import { accountExists, SETUP_CODE_PREFIX, storedSetupCodeHashes } from "./state";

export const ACCOUNT_NAME_MAX_LENGTH = 100;
export const SETUP_CODE_FAILURE_LIMIT = 10;
export const SETUP_CODE_WINDOW_SECONDS = 15 * 60;

// Any fixed number: two setups at once take turns, and the second finds the first's account.
const SETUP_LOCK = 7_301_944_213;

export interface FirstAccountInput {
  accountName: unknown;
  /** The owner's name, "First Last"; may be empty (they are then shown by email). */
  ownerName?: unknown;
  email: unknown;
  password: unknown;
}

/** Who is setting Tollgate up: someone at the /setup page with the code, or an operator's shell. */
export type SetupOrigin = { via: "setup page"; setupCode: unknown; clientIp: string } | { via: "command line" };

export interface FirstAccount {
  accountId: string;
  memberId: string;
  email: string;
}

const inputSchema = z.object({
  accountName: checkedText(
    z
      .string({ error: "Enter the account's name" })
      .trim()
      .min(1, "Enter the account's name")
      .max(ACCOUNT_NAME_MAX_LENGTH, `The account's name can be at most ${ACCOUNT_NAME_MAX_LENGTH} characters`),
    { label: "The account's name" },
  ),
  ownerName: checkedText(
    z
      .string({ error: "Your name must be text" })
      .trim()
      .max(PERSON_NAME_MAX_LENGTH, `Your name can be at most ${PERSON_NAME_MAX_LENGTH} characters`),
    { label: "Your name" },
  ).default(""),
  email: emailSchema,
  password: z.string({ error: "Enter a password" }),
});

/** The input checked, the password included (with the person's own details, which make it guessable). */
export async function parseFirstAccount(input: FirstAccountInput) {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error, "Check the highlighted fields");
  const valid = parsed.data;
  const problem = await passwordProblem(valid.password, [valid.accountName, valid.ownerName, valid.email]);
  if (problem) throw new Invalid(problem, { password: problem });
  // "Ada Lovelace" → first name "Ada", last name "Lovelace"; one word is a first name.
  const [firstName = "", ...rest] = valid.ownerName.split(/\s+/).filter(Boolean);
  return { ...valid, firstName, lastName: rest.join(" ") };
}

const CODE_FAILURES = { keyPrefix: "setup-code-failures", points: SETUP_CODE_FAILURE_LIMIT, durationSeconds: SETUP_CODE_WINDOW_SECONDS };

/**
 * Creates the first account and its owner — only while no account exists. From the /setup page
 * it also needs a setup code this instance or another on the database printed at start: checked
 * in constant time against the stored hashes, wrong ones counted per client address like wrong
 * passwords. Under a database lock, inside one transaction: the account, the owner, the history
 * entry and the end of every setup code — so two setups at once make exactly one account, and
 * the other is told Tollgate has already been set up.
 */
export async function createFirstAccount(input: FirstAccountInput, origin: SetupOrigin): Promise<FirstAccount> {
  const db = await database();
  if (await accountExists(db)) throw new Conflict(ALREADY_SET_UP);
  const valid = await parseFirstAccount(input);
  if (origin.via === "setup page") await checkSetupCode(origin.setupCode, origin.clientIp);
  // Hashed before the transaction: scrypt is deliberately slow, and no lock needs to wait for it.
  const passwordHash = await hashPassword(valid.password);
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
      if (await accountExists(tx)) throw new Conflict(ALREADY_SET_UP);
      const [account] = await tx
        .insert(accounts)
        .values({ name: valid.accountName, serviceTokenLimit: env().serviceTokenLimit })
        .returning({ id: accounts.id });
      if (!account) throw new Error("The account was not stored");
      const [owner] = await tx
        .insert(members)
        .values({ accountId: account.id, email: valid.email, firstName: valid.firstName, lastName: valid.lastName, role: "owner", passwordHash })
        .returning({ id: members.id });
      if (!owner) throw new Error("The owner was not stored");
      // Every code dies with the first account: none of them sets anything up again.
      await tx.delete(settings).where(like(settings.key, `${SETUP_CODE_PREFIX}%`));
      const actor: HistoryWriter =
        origin.via === "setup page"
          ? { kind: "member", accountId: account.id, memberId: owner.id, displayName: valid.email, ip: origin.clientIp }
          : { kind: "system", accountId: account.id, memberId: null, displayName: "Tollgate", ip: null };
      await recordChange(tx, {
        actor,
        action: "accountCreated",
        target: { kind: "member", id: owner.id, name: valid.email },
        changes: diffFields({}, { accountName: valid.accountName, email: valid.email, firstName: valid.firstName, lastName: valid.lastName, role: "owner", via: origin.via }),
      });
      return { accountId: account.id, memberId: owner.id, email: valid.email };
    });
  } catch (error) {
    // Drizzle's message lists the query's parameters, the password hash among them.
    throw isDomainError(error) ? error : withoutQueryDetails(error);
  }
}

/**
 * The code, checked against every live one. Each attempt takes its place on the client's counter
 * before the check and gives it back when right, as sign-in does: only wrong codes count, and a
 * burst of guesses gets no more checks than the limit.
 */
async function checkSetupCode(typed: unknown, clientIp: string): Promise<void> {
  const code = typeof typed === "string" ? typed : "";
  if (code.trim() === "") throw new Invalid("Enter the setup code", { setupCode: "Enter the setup code" });
  const attempt = await countedCheck(
    CODE_FAILURES,
    clientIp,
    async () => code.length <= SETUP_CODE_MAX_LENGTH && setupCodeMatches(code, await storedSetupCodeHashes(await database())),
  );
  if (attempt.refused) throw new LimitReached(`Too many wrong setup codes. ${tryAgainIn(attempt.msBeforeNext)}`);
  if (!attempt.passed) throw new Invalid(WRONG_SETUP_CODE, { setupCode: NOT_A_SETUP_CODE });
}
