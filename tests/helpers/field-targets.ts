// Fixture for the tests of what every door refuses in a text field (invisible characters, pasted
// secrets): an account to call the REST API as, and one thing of each kind to change.
import { createProject } from "@/lib/projects";
import { createRole } from "@/lib/roles";
import { createAccessToken, type TokenPermissionInput } from "@/lib/tokens";
import { accountWithOwnerToken, type TestAccount } from "./accounts";

/**
 * A fresh account with its owner's API secret, a token named "target" (its id returned), the
 * custom role "target-role" and the project "target-project", all created by the owner.
 */
export async function accountWithFieldTargets(targets: {
  tokenPermission: TokenPermissionInput;
  rolePolicy: unknown;
}): Promise<{ account: TestAccount; ownerSecret: string; tokenId: string }> {
  const { account, ownerSecret } = await accountWithOwnerToken();
  const tokenId = (await createAccessToken(account.owner, { name: "target", permission: targets.tokenPermission })).token.id;
  await createRole(account.owner, { key: "target-role", name: "Target role", policy: targets.rolePolicy });
  await createProject(account.owner, { key: "target-project", name: "Target project" });
  return { account, ownerSecret, tokenId };
}
