import { Hono } from "hono";
import { z } from "zod";
import { getMember, inviteMembers, listMembers, removeMember, updateMemberRoles } from "../../members";
import { BUILT_IN_ROLES } from "../../policy";
import type { ApiEnv } from "../context";
import { ApiError } from "../errors";
import { applyRestrictedPatch, parsePatchBody, patchComment } from "../json-patch";
import { pageLinks, pageQuery } from "../pagination";
import { memberRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const listQuery = pageQuery(20).extend({ filter: z.string().max(200).optional() });
const idParam = z.string().min(1).max(64);
const invitation = z.object({
  email: z.string().max(1000),
  firstName: z.string().max(1000).optional(),
  lastName: z.string().max(1000).optional(),
  role: z.enum(BUILT_IN_ROLES).default("reader"),
});
// LaunchDarkly invites a list of members at once.
const inviteBody = z.array(invitation).min(1).max(50);

export const memberRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const { items, totalCount } = await listMembers(c.get("actor"), { search: q.filter, limit: q.limit, offset: q.offset });
    return c.json({ items: items.map(memberRepresentation), totalCount, _links: pageLinks("/members", { filter: q.filter }, { ...q, totalCount }) });
  })
  // Each new member's set-password link is in this response, once (`_setPasswordUrl`, with
  // `_setPasswordUrlExpiresAt` and whether it was also emailed, `_setPasswordEmailed`); no GET
  // ever shows it again. The member chooses their own password through it.
  .post("/", async (c) => {
    const invites = parseWith(inviteBody, await readJson(c));
    // All or none: a refused entry must not leave the others created with links nobody saw.
    const invited = await inviteMembers(c.get("actor"), invites);
    const items = invited.map(({ member, setPasswordUrl, expiresAt, emailed }) => ({
      ...memberRepresentation(member),
      _setPasswordUrl: setPasswordUrl,
      _setPasswordUrlExpiresAt: expiresAt.getTime(),
      _setPasswordEmailed: emailed,
    }));
    return c.json({ items, totalCount: items.length }, 201);
  })
  // The member behind the calling token (for a service token: the member who created it), as
  // authentication read them in the same lookup: no second query on the API's busiest read.
  .get("/me", (c) => c.json(memberRepresentation(c.get("member"))))
  .get("/:id", async (c) => c.json(memberRepresentation(await getMember(c.get("actor"), parseWith(idParam, c.req.param("id"))))))
  .patch("/:id", async (c) => {
    const actor = c.get("actor");
    const id = parseWith(idParam, c.req.param("id"));
    const body = await readJson(c);
    const operations = parsePatchBody(body);
    const current = memberRepresentation(await getMember(actor, id));
    const before = { role: current.role, customRoles: current.customRoles };
    const after = applyRestrictedPatch(before, operations, { roots: ["/role", "/customRoles"] });
    const changes: { role?: (typeof BUILT_IN_ROLES)[number]; customRoleIds?: string[] } = {};
    if (after.role !== before.role) {
      if (!(BUILT_IN_ROLES as readonly string[]).includes(after.role)) throw new ApiError("invalid_request", "role must be reader, writer, admin or owner");
      changes.role = after.role;
    }
    if (JSON.stringify(after.customRoles) !== JSON.stringify(before.customRoles)) {
      if (!Array.isArray(after.customRoles) || !after.customRoles.every((r) => typeof r === "string")) throw new ApiError("invalid_request", "customRoles must be a list of role ids");
      changes.customRoleIds = after.customRoles;
    }
    const member = Object.keys(changes).length ? await updateMemberRoles(actor, id, { ...changes, comment: patchComment(body) }) : await getMember(actor, id);
    return c.json(memberRepresentation(member));
  })
  .delete("/:id", async (c) => {
    await removeMember(c.get("actor"), parseWith(idParam, c.req.param("id")));
    return c.body(null, 204);
  });
