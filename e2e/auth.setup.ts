import { test as setup } from "@playwright/test";
import { DEMO, ROLES, expectSignedInAs, signIn, storageStateOf } from "./support";

// Sign in once per demo role; the specs reuse the saved browser state.
for (const role of ROLES) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await signIn(page, DEMO[role].email);
    await expectSignedInAs(page, role);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
