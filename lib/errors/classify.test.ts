import { describe, expect, it } from "vitest";
import { classifyError } from "./classify";
import { Conflict, Forbidden, Invalid, LimitReached, NotFound, Unauthenticated } from "./domain";
import { UNSTORABLE_INPUT_MESSAGE } from "./driver";

// Drizzle's wrapper around the driver's error, as the database layer throws it.
const wrapped = (driver: object) => Object.assign(new Error("Failed query: select ...\nparams: secret"), { cause: driver });

describe("classifyError", () => {
  it("sorts each domain error into its class, with its message and field errors", () => {
    expect(classifyError(new NotFound("No such token"))).toEqual({ class: "not_found", message: "No such token" });
    expect(classifyError(new Forbidden())).toEqual({ class: "forbidden", message: "You are not allowed to do that" });
    expect(classifyError(new Invalid("Bad", { name: "Required" }))).toEqual({ class: "invalid", message: "Bad", fieldErrors: { name: "Required" } });
    expect(classifyError(new Conflict("Taken"))).toMatchObject({ class: "conflict" });
    expect(classifyError(new LimitReached("Too many"))).toMatchObject({ class: "limit" });
    expect(classifyError(new Unauthenticated())).toMatchObject({ class: "unauthenticated" });
  });

  it("calls text the database cannot store invalid input", () => {
    expect(classifyError(wrapped({ code: "22021" }))).toEqual({ class: "invalid", message: UNSTORABLE_INPUT_MESSAGE });
  });

  it("calls a database that cannot be reached unavailable, by code or by the pool's message", () => {
    expect(classifyError(wrapped({ code: "ECONNREFUSED" }))).toEqual({ class: "unavailable" });
    expect(classifyError(wrapped(new Error("timeout exceeded when trying to connect")))).toEqual({ class: "unavailable" });
  });

  it("calls anything else unexpected, without repeating its message", () => {
    expect(classifyError(new Error("boom"))).toEqual({ class: "unexpected" });
    expect(classifyError(wrapped({ code: "23503" }))).toEqual({ class: "unexpected" });
    expect(classifyError(null)).toEqual({ class: "unexpected" });
  });
});
