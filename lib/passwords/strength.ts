import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

// The one rule for a password a person chooses (first-run setup, an invitation or reset link,
// Change password). zxcvbn estimates how many guesses an attacker needs, using dictionaries of
// common passwords, names and words, keyboard patterns, dates and repeats, and the person's own
// details — a far better judge than a home-made list of rules. Pure: the forms run it in the
// browser for the strength meter, and the server runs it again before saving anything.

export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome; beyond this zxcvbn's estimate costs too much CPU to offer. */
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's scores run from 0 (guessable in a handful of tries) to 4; 3 is "safely unguessable". */
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
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

/**
 * How strong `password` is, judged with the person's own details (`personal`: their name, email,
 * the account's name), which make a password easy to guess for anyone who knows them.
 */
export function passwordStrength(password: string, personal: readonly string[] = []): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { score: 0, problem: `Use at least ${PASSWORD_MIN_LENGTH} characters`, suggestions: [] };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { score: 0, problem: `Use at most ${PASSWORD_MAX_LENGTH} characters`, suggestions: [] };
  }
  const inputs = personal.flatMap((detail) => [detail, ...detail.split(/[^\p{L}\p{N}]+/u)]).filter((part) => part.length >= 3);
  const result = estimator().check(password, inputs);
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
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  return passwordStrength(password, personal).problem;
}
