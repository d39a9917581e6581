import { describe, expect, it } from "vitest";
import { parseAdminArgs, passwordFromStdin, UsageError } from "./admin-args";

const usage = (argv: string[]) => {
  try {
    parseAdminArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
};

describe("the admin command line", () => {
  it("reads create-account with its flags, the owner's name being optional", () => {
    expect(parseAdminArgs(["create-account", "--name", "Acme", "--email", "ada@acme.test", "--owner-name", "Ada Lovelace", "--password-stdin"])).toEqual({
      command: "create-account",
      accountName: "Acme",
      email: "ada@acme.test",
      ownerName: "Ada Lovelace",
    });
    expect(parseAdminArgs(["create-account", "--password-stdin", "--email=ada@acme.test", "--name=Acme"])).toMatchObject({ ownerName: "" });
  });

  it("reads reset-password and help", () => {
    expect(parseAdminArgs(["reset-password", "--email", "ada@acme.test"])).toEqual({ command: "reset-password", email: "ada@acme.test" });
    for (const argv of [[], ["help"], ["--help"]]) expect(parseAdminArgs(argv)).toEqual({ command: "help" });
  });

  it("refuses an unknown command, an unknown flag, a flag without its value and a stray argument, each in one line", () => {
    const cases: Array<[string[], RegExp]> = [
      [["make-account"], /^unknown command "make-account"/],
      [["create-account", "--name", "Acme", "--email", "a@b.test", "--password-stdin", "--role", "owner"], /^create-account: Unknown option '--role'$/],
      [["create-account", "--name"], /^create-account: Option '--name <value>' argument missing$/],
      [["reset-password", "--email", "a@b.test", "extra"], /^reset-password: Unexpected argument 'extra'$/],
      [["reset-password", "--password", "x"], /^reset-password: Unknown option '--password'$/],
    ];
    for (const [argv, message] of cases) {
      const text = usage(argv);
      expect(text, argv.join(" ")).toMatch(message);
      expect(text).not.toContain("\n");
    }
  });

  it("refuses a missing required flag, and a password anywhere but standard input", () => {
    expect(usage(["create-account", "--email", "a@b.test", "--password-stdin"])).toBe("create-account needs --name <value>");
    expect(usage(["create-account", "--name", "  ", "--email", "a@b.test", "--password-stdin"])).toBe("create-account needs --name <value>");
    expect(usage(["create-account", "--name", "Acme", "--email", "a@b.test"])).toMatch(/^create-account needs --password-stdin/);
    expect(usage(["create-account", "--name", "Acme", "--email", "a@b.test", "--password", "hunter2hunter2"])).toMatch(/Unknown option '--password'/);
    expect(usage(["reset-password"])).toBe("reset-password needs --email <value>");
  });

  it("takes the piped password as it is, but for the one line ending a shell adds", () => {
    expect(passwordFromStdin("correct horse battery\n")).toBe("correct horse battery");
    expect(passwordFromStdin("correct horse battery\r\n")).toBe("correct horse battery");
    expect(passwordFromStdin(" spaces kept \n\n")).toBe(" spaces kept \n");
    expect(passwordFromStdin("no newline")).toBe("no newline");
  });
});
