import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./support";

// Sign-in's callbackUrl leads only to a path of this origin: every other spelling lands on the
// default page (lib/auth/callback-url.ts, in the sign-in form and in next-auth's redirect callback).
const FORMS = [
  "https://evil.example/",
  "//evil.example",
  "/\\evil.example",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/%2F%2Fevil.example",
  "/\t/evil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example",
  "javascript:alert(document.domain)",
];

test.describe("sign-in's callbackUrl", () => {
  for (const form of FORMS) {
    test(`${JSON.stringify(form)} lands on the default page of this origin`, async ({ page, baseURL }) => {
      await page.goto(`/login?callbackUrl=${encodeURIComponent(form)}`);
      await page.getByLabel("Email").fill(DEMO.reader.email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${baseURL}/settings/authorization`);
    });
  }

  test("a path of this origin is where sign-in leads", async ({ page, baseURL }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/settings/history?action=tokenCreated")}`);
    await page.getByLabel("Email").fill(DEMO.reader.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/settings/history?action=tokenCreated`);
  });

  test("next-auth's own sign-in endpoint answers with a URL of this origin for every form", async ({ playwright, baseURL }) => {
    for (const form of FORMS) {
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
      const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: DEMO.reader.email, password: DEMO_PASSWORD, callbackUrl: form, json: "true" },
      });
      expect(response.status(), form).toBe(200);
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).origin, form).toBe(new URL(baseURL!).origin);
      expect(new URL(url).pathname, form).toBe("/settings/authorization");
      await request.dispose();
    }
  });
});
