import { test as setup } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { apiTokenFileOf, DEMO, ROLES, expectSignedInAs, signIn, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

const ROLE_LABEL = { owner: "Owner", admin: "Admin", writer: "Writer", reader: "Reader" } as const;

// Sign in once per demo role; the specs reuse the saved browser state. Each member also creates
// a personal API token with their own role, through the page, for the REST API specs.
for (const role of ROLES) {
  setup(`sign in as the demo ${role} and create their API token`, async ({ page }) => {
    await signIn(page, DEMO[role].email);
    await expectSignedInAs(page, role);
    await page.context().storageState({ path: storageStateOf(role) });
    const tokens = await TokensPage.open(page);
    const secret = await tokens.create(`e2e ${role} API token`, { role: ROLE_LABEL[role] });
    writeFileSync(apiTokenFileOf(role), secret);
  });
}
