import type { APIRequestContext, Page } from "@playwright/test";

/** A server action call as the browser made it, to replay through the same public door. */
export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  args: unknown[];
}

export async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const request = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await trigger();
  const sent = await request;
  const headers = await sent.allHeaders();
  return {
    url: sent.url(),
    headers: {
      "next-action": headers["next-action"]!,
      "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: headers["origin"] ?? new URL(sent.url()).origin,
    },
    args: JSON.parse(sent.postData() ?? "[]") as unknown[],
  };
}

/** Calls the action again with other arguments, as whoever `request` is signed in as. */
export function replayAction(request: APIRequestContext, action: CapturedAction, args: unknown[]) {
  return request.post(action.url, { headers: action.headers, data: JSON.stringify(args), maxRedirects: 0 });
}
