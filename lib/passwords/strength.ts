import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

// The one rule for a password a person chooses (first-run setup, an invitation or reset link,
// Change password). zxcvbn estimates how many guesses an attacker needs, using dictionaries of
// common passwords, names and words, keyboard patterns, dates and repeats, and the person's own
// details — a far better judge than a home-made list of rules. Pure: the forms run it in the
// browser for the strength meter, and the server runs it again before saving anything.
//
// zxcvbn and its dictionaries are loaded on first use, on the server as in the browser: they
// hold 14 MB of strings once loaded, which a server that never sees a password change (most of
// the time) need not keep, and which V8's heap growth multiplies (docs/benchmarks.md, "Memory").

export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome; beyond this zxcvbn's estimate costs too much CPU to offer. */
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's scores run from 0 (guessable in a handful of tries) to 4; 3 is "safely unguessable". */
export const PASSWORD_MIN_SCORE = 3;

let factory: Promise<ZxcvbnFactory> | undefined;
function estimator(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]);
    return new ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
    });
  })();
  // A failed load (a missing chunk) is tried again next time rather than remembered.
  factory.catch(() => (factory = undefined));
  return factory;
}

export interface PasswordStrength {
  /** 0–4, as zxcvbn scores it (0 also for a password too short or too long to score). */
  score: number;
  /** Why the password is refused, in a sentence for the form; null when it is accepted. */
  problem: string | null;
  /** zxcvbn's advice, for the meter. */
  suggestions: string[];
}

/** Judges a password synchronously, once the rule has loaded (`passwordJudge`). */
export type PasswordJudge = (password: string, personal?: readonly string[]) => PasswordStrength;

/**
 * The rule, loaded: a function that judges how strong `password` is, with the person's own
 * details (`personal`: their name, email, the account's name), which make a password easy to
 * guess for anyone who knows them. The strength meter judges every keystroke with it.
 */
export async function passwordJudge(): Promise<PasswordJudge> {
  const zxcvbn = await estimator();
  return (password, personal = []) => judge(zxcvbn, password, personal);
}

/** How strong `password` is (see `passwordJudge`), loading the rule the first time it is needed. */
export async function passwordStrength(password: string, personal: readonly string[] = []): Promise<PasswordStrength> {
  return lengthRefusal(password) ?? judge(await estimator(), password, personal);
}

/** Too short, or too long to be worth zxcvbn's CPU: refused without loading the rule. */
function lengthRefusal(password: string): PasswordStrength | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { score: 0, problem: `Use at least ${PASSWORD_MIN_LENGTH} characters`, suggestions: [] };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { score: 0, problem: `Use at most ${PASSWORD_MAX_LENGTH} characters`, suggestions: [] };
  }
  return null;
}

function judge(zxcvbn: ZxcvbnFactory, password: string, personal: readonly string[]): PasswordStrength {
  const refusal = lengthRefusal(password);
  if (refusal) return refusal;
  const inputs = personal.flatMap((detail) => [detail, ...detail.split(/[^\p{L}\p{N}]+/u)]).filter((part) => part.length >= 3);
  const result = zxcvbn.check(password, inputs);
  const suggestions = result.feedback.suggestions.filter(Boolean);
  if (result.score >= PASSWORD_MIN_SCORE) return { score: result.score, problem: null, suggestions };
  const warning = result.feedback.warning;
  return {
    score: result.score,
    problem: `This password is too easy to guess${warning ? `: ${warning.replace(/\.$/, "").toLowerCase()}` : ""}. Try a longer passphrase of unrelated words`,
    suggestions,
  };
}

/** The refusal for a password that is not strong enough, or null when it may be used. */
export async function passwordProblem(password: string, personal: readonly string[] = []): Promise<string | null> {
  return (await passwordStrength(password, personal)).problem;
}
