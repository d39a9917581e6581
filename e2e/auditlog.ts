import { expect, type APIRequestContext } from "@playwright/test";

/**
 * The whole audit log a token may see, read as LaunchDarkly's clients page it: 20 entries at a
 * time (the most a page holds), each next page `before` the last entry's date. Returns the
 * entries and the raw text of every page.
 */
export async function readWholeAuditLog(request: APIRequestContext, token: string): Promise<{ items: { _id: string; date: number; target: { _id: string } }[]; text: string }> {
  const items: { _id: string; date: number; target: { _id: string } }[] = [];
  const texts: string[] = [];
  let before: number | undefined;
  for (let page = 0; page < 5000; page++) {
    const response = await request.get(`/api/v2/auditlog?limit=20${before === undefined ? "" : `&before=${before}`}`, { headers: { Authorization: token } });
    expect(response.status()).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as { items: typeof items };
    if (body.items.length === 0) break;
    texts.push(text);
    items.push(...body.items);
    before = body.items.at(-1)!.date;
  }
  return { items, text: texts.join("\n") };
}
