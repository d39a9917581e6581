import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { Conflict, Invalid, LimitReached } from "../errors";
import { errorResponse } from "./errors";

// Each class of error as the API answers it, through the app's own error handler.
async function answerTo(error: unknown) {
  const app = new Hono();
  app.get("/", () => {
    throw error;
  });
  app.onError((e, c) => errorResponse(c, e));
  const response = await app.request("/");
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("errorResponse", () => {
  it("answers a database outage 503, however deep the driver's error sits", async () => {
    const outage = Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(await answerTo(outage)).toEqual({ status: 503, body: { code: "service_unavailable", message: "The database is unavailable; try again shortly" } });
  });

  it("answers domain errors with their message and field errors, a limit as a conflict", async () => {
    expect(await answerTo(new Invalid("Bad input", { name: "Required" }))).toEqual({ status: 400, body: { code: "invalid_request", message: "Bad input (name: Required)" } });
    expect(await answerTo(new Conflict("Taken"))).toEqual({ status: 409, body: { code: "conflict", message: "Taken" } });
    expect(await answerTo(new LimitReached("Too many"))).toEqual({ status: 409, body: { code: "conflict", message: "Too many" } });
  });

  it("answers anything else 500 without repeating its message", async () => {
    expect(await answerTo(new Error("secret detail"))).toEqual({ status: 500, body: { code: "internal_error", message: "Something went wrong" } });
  });
});
