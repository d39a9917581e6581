import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, passwordStrength } from "./strength";

describe("the password rule", () => {
  it("refuses passwords shorter than the minimum, whatever their characters", () => {
    expect(passwordProblem("x9!Qz#2".padEnd(PASSWORD_MIN_LENGTH - 1, "k"))).toMatch(/at least 10 characters/);
  });

  it("refuses passwords longer than the maximum instead of spending CPU on them", () => {
    expect(passwordProblem("a".repeat(PASSWORD_MAX_LENGTH + 1))).toMatch(/at most/);
  });

  it("refuses common passwords and keyboard walks that are long enough", () => {
    for (const weak of ["password123", "qwertyuiop", "1234567890", "iloveyou2024", "Password1!"]) {
      expect(passwordProblem(weak), weak).toMatch(/too easy to guess/);
    }
  });

  it("refuses a password made of the person's own details", () => {
    expect(passwordProblem("quintzorblax", [])).toBeNull();
    expect(passwordProblem("quintzorblax", ["Zorblax Quint", "zorblax@quint.test"])).toMatch(/too easy to guess/);
  });

  it("accepts a long passphrase of unrelated words and reports a high score", () => {
    const strength = passwordStrength("correct-horse-battery-staple-violet");
    expect(strength.problem).toBeNull();
    expect(strength.score).toBeGreaterThanOrEqual(3);
  });
});
