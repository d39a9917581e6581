import { describe, expect, it } from "vitest";
import { parsePolicy, parsePolicyInput } from "./validate";
import { onlyError } from "./validate-test-helpers";
import { ALL_ACTIONS } from "./types";
import { POLICY_ACTIONS } from "./vocabulary";

const allow = (actions: string[], resources: string[]) => [{ effect: "allow", actions, resources }];

describe("the policy vocabulary: LaunchDarkly's actions and resource specifiers", () => {
  it("accepts LaunchDarkly's documented example policies as they are written", () => {
    const policies = [
      allow(["updateOn"], ["proj/*:env/production:flag/*"]),
      allow(["viewProject"], ["proj/*"]),
      allow(["*"], ["proj/*:env/*:flag/*;tag1,tag2"]),
      allow(["*"], ["proj/*:env/*;qa_*", "proj/*:env/*;qa_*:flag/*"]),
      allow(["*"], ["proj/*:env/*;qa_*:/flag/*"]),
      allow(["updateOn"], ["proj/*:env/*;{critical:true}:flag/*"]),
      allow(["updateOrganization", "updateRequireMfa"], ["acct"]),
      allow(["createMember", "updateRole", "updateCustomRole"], ["member/*"]),
      allow(["createAccessToken", "updateAccessTokenPolicy"], ["member/*:token/*", "service-token/*"]),
      allow(["updatePolicy", "updateBasePermissions"], ["role/*"]),
      allow(["*"], ["proj/*;mobile,web", "proj/*:metric/*", "proj/*:env/*:segment/*", "proj/*:aiconfig/*"]),
      allow(["*"], [
        "application/*", "code-reference-repository/*", "domain-verification/*", "integration/*", "pending-request/*",
        "relay-proxy-config/*", "team/*", "template/*", "webhook/*",
      ]),
    ];
    for (const policy of policies) expect(parsePolicyInput(policy), JSON.stringify(policy)).toEqual({ ok: true, policy });
  });

  it("accepts every action it knows, Tollgate's and LaunchDarkly's", () => {
    expect(POLICY_ACTIONS).toEqual(expect.arrayContaining([...ALL_ACTIONS, "updateOn", "viewProject", "createFlag", "updateTargets", "createMember"]));
    for (let i = 0; i < POLICY_ACTIONS.length; i += 100) {
      expect(parsePolicyInput(allow(POLICY_ACTIONS.slice(i, i + 100), ["*"])).ok).toBe(true);
    }
  });

  it("still refuses an unknown action precisely, suggesting the closest one from the whole vocabulary", () => {
    expect(onlyError(allow(["updateOnn"], ["proj/*:env/*:flag/*"]))).toEqual({
      statement: 0,
      field: "actions",
      message: 'Unknown action "updateOnn" in statement 1; did you mean "updateOn"?',
    });
    expect(onlyError(allow(["viewProjet"], ["proj/*"])).message).toBe('Unknown action "viewProjet" in statement 1; did you mean "viewProject"?');
    expect(onlyError(allow(["flyToTheMoon"], ["*"])).message).toBe('Unknown action "flyToTheMoon" in statement 1');
  });

  it("accepts action patterns that match a LaunchDarkly action, and refuses those that match none", () => {
    expect(parsePolicyInput(allow(["*Holdout*", "update*Flag*", "view*"], ["*"])).ok).toBe(true);
    expect(onlyError(allow(["*Holdot*"], ["*"])).message).toBe('Action pattern "*Holdot*" in statement 1 matches no known action');
  });

  it("refuses a scoped kind it does not know when saving, suggesting the closest one", () => {
    expect(parsePolicyInput(allow(["updateOn"], ["proj/*:envv/*:flag/*"]))).toEqual({
      ok: false,
      errors: [{ statement: 0, field: "resources", message: 'Unknown resource kind "envv" in "proj/*:envv/*:flag/*" in statement 1; did you mean "env"?' }],
    });
    const saving = parsePolicyInput(allow(["*"], ["proj/*;"]));
    expect(saving.ok || saving.errors[0]?.message).toBe('Resource "proj/*;" in statement 1 has an empty tag after ";"');
  });

  it("still reads a stored policy that only earlier, looser rules checked, so its denies keep working", () => {
    const stored = [{ effect: "deny", actions: ["*"], resources: ["service-token/ci:deploy", "proj/*;"] }];
    expect(parsePolicy(stored)).toEqual({ ok: true, policy: stored });
    expect(parsePolicyInput(stored).ok).toBe(false);
  });
});
