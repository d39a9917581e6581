import { expect, test } from "@playwright/test";
import { generateTokenSecret } from "../lib/secrets";
import { CLIENT, observed, requestFrom, type RawResponse } from "./net";
import { apiTokenOf, E2E_PORT, UNAUTHORIZED_BODY } from "./support";

// Rotation under attack, through the HTTP API (SECURITY.md, the rotation race): someone holding
// a leaked secret keeps resets of its token in flight while the owner resets it without a grace
// period. Every request the attacker has in flight when the owner's reset commits must get the
// one 401 — the same bytes as any other refusal — and afterwards no secret the attacker holds
// works. The attacker's requests come from addresses of their own (e2e/net.ts), and stay under
// the failed-authentication limit (a few waves of a few requests).
const WAVES = 3;
const IN_FLIGHT = 5;

type Call = { path: string; token: string; method?: string; from?: string };
const call = ({ path, token, method = "GET", from = CLIENT.rotationAttacker }: Call) =>
  requestFrom(from, E2E_PORT, { method, path, headers: { Authorization: token } });

test.describe("rotation under attack", () => {
  test("requests with a secret reset away answer the one 401, and the attacker keeps no working secret", async ({ request }) => {
    const owner = apiTokenOf("writer");
    const created = await request.post("/api/v2/tokens", {
      headers: { Authorization: owner },
      data: { name: `rotating ${Math.random().toString(36).slice(2, 7)}` },
    });
    expect(created.status()).toBe(201);
    const { _id: id, token: leaked } = (await created.json()) as { _id: string; token: string };
    const refusal = observed(await call({ path: "/api/v2/tokens", token: generateTokenSecret(), from: CLIENT.rotationCheck }));
    expect(refusal.body).toBe(UNAUTHORIZED_BODY);

    const held = [leaked];
    let ownerSecret = "";
    const answers: RawResponse[] = [];
    for (let wave = 0; wave < WAVES; wave++) {
      const newest = held[held.length - 1]!;
      // In the middle wave the owner's reset goes out among the attacker's requests: those sent
      // around it are authenticated before it commits and reach the token's lock after it.
      const attack = () => call({ path: `/api/v2/tokens/${id}/reset`, token: newest, method: "POST" });
      const attacks = Array.from({ length: IN_FLIGHT - 3 }, attack);
      const ownerReset = wave === 1 ? call({ path: `/api/v2/tokens/${id}/reset`, token: owner, method: "POST", from: CLIENT.rotationCheck }) : null;
      attacks.push(...Array.from({ length: 3 }, attack));
      if (ownerReset) {
        const reset = await ownerReset;
        expect(reset.status).toBe(200);
        ownerSecret = (JSON.parse(reset.body) as { token: string }).token;
      }
      for (const answer of await Promise.all(attacks)) {
        answers.push(answer);
        if (answer.status === 200) held.push((JSON.parse(answer.body) as { token: string }).token);
        else expect(observed(answer)).toEqual(refusal);
      }
    }
    // The waves after the owner's reset were all refused.
    expect(answers.slice(-IN_FLIGHT).map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(401));
    for (const secret of held) expect(observed(await call({ path: "/api/v2/tokens", token: secret, from: CLIENT.rotationCheck }))).toEqual(refusal);
    expect((await call({ path: "/api/v2/tokens", token: ownerSecret, from: CLIENT.rotationCheck })).status).toBe(200);
  });
});
