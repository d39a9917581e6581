// What a project holds before anyone sets it. Tollgate's choices where LaunchDarkly's differ or
// are not published: docs/ld-compatibility.md, "Projects".
import type { FlagDefaults } from "./types";

/** Flag defaults of a project that never set them (its client-side availability is its own). */
export const DEFAULT_FLAG_DEFAULTS: Omit<FlagDefaults, "defaultClientSideAvailability"> = {
  tags: [],
  temporary: true,
  booleanDefaults: {
    trueDisplayName: "True",
    falseDisplayName: "False",
    trueDescription: "",
    falseDescription: "",
    onVariation: 0,
    offVariation: 1,
  },
};
