import type { Context } from "hono";
import type { Actor } from "../tokens/types";

/** What the authentication middleware leaves for the routes. */
export type ApiEnv = {
  Variables: {
    actor: Actor;
    apiVersion: number;
    clientIp: string;
  };
};

export type ApiContext = Context<ApiEnv>;
