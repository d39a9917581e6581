import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordJudge, passwordProblem, passwordStrength } from "./strength";

describe("the password rule", () => {
  it("refuses passwords shorter than the minimum, whatever their characters", async () => {
    expect(await passwordProblem("x9!Qz#2".padEnd(PASSWORD_MIN_LENGTH - 1, "k"))).toMatch(/at least 10 characters/);
  });

  it("refuses passwords longer than the maximum instead of spending CPU on them", async () => {
    expect(await passwordProblem("a".repeat(PASSWORD_MAX_LENGTH + 1))).toMatch(/at most/);
  });

  it("refuses common passwords and keyboard walks that are long enough", async () => {
    for (const weak of ["password123", "qwertyuiop", "1234567890", "iloveyou2024", "Password1!"]) {
      expect(await passwordProblem(weak), weak).toMatch(/too easy to guess/);
    }
  });

  it("refuses a password made of the person's own details", async () => {
    expect(await passwordProblem("quintzorblax", [])).toBeNull();
    expect(await passwordProblem("quintzorblax", ["Zorblax Quint", "zorblax@quint.test"])).toMatch(/too easy to guess/);
  });

  it("accepts a long passphrase of unrelated words and reports a high score", async () => {
    const strength = await passwordStrength("correct-horse-battery-staple-violet");
    expect(strength.problem).toBeNull();
    expect(strength.score).toBeGreaterThanOrEqual(3);
  });

  it("judges synchronously once loaded, as the strength meter does on every keystroke", async () => {
    const judge = await passwordJudge();
    expect(judge("correct-horse-battery-staple-violet").problem).toBeNull();
    expect(judge("quintzorblax", ["Zorblax Quint"]).problem).toMatch(/too easy to guess/);
    expect(judge("short").problem).toMatch(/at least 10 characters/);
  });
});
