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
  const response = await app.request("/", { headers: { "X-Request-Id": "req-1" } });
  const { id, ...body } = (await response.json()) as { id: string };
  expect(id).toBe("req-1");
  return { status: response.status, body };
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

  it("names the request in every error body: its safe X-Request-Id, else a new id", async () => {
    const app = new Hono();
    app.get("/", () => {
      throw new Conflict("Taken");
    });
    app.onError((e, c) => errorResponse(c, e));
    const bodyOf = async (headers: Record<string, string>) => (await (await app.request("/", { headers })).json()) as { id: string };
    expect((await bodyOf({ "X-Request-Id": "trace-42" })).id).toBe("trace-42");
    const unsafe = await bodyOf({ "X-Request-Id": "has spaces and <html>" });
    expect(unsafe.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await bodyOf({})).id).not.toBe(unsafe.id);
  });
});
