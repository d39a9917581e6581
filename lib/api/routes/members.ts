import { Hono } from "hono";
import { z } from "zod";
import { getMember, inviteMembers, listMembers, removeMember, updateMemberRoles } from "../../members";
import { BUILT_IN_ROLES } from "../../policy";
import type { ApiEnv } from "../context";
import { ApiError } from "../errors";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema } from "../json-patch";
import { documented } from "../openapi/operation";
import { invitedMembersSchema, memberListSchema, memberSchema } from "../openapi/schemas";
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
const doc = (op: Parameters<typeof documented>[1]) => documented("Account members", op);

export const memberRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getMembers", summary: "List account members", query: listQuery, ok: { status: 200, schema: memberListSchema, description: "A page of members" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const { items, totalCount } = await listMembers(c.get("actor"), { search: q.filter, limit: q.limit, offset: q.offset });
    return c.json({ items: items.map(memberRepresentation), totalCount, _links: pageLinks("/members", { filter: q.filter }, { ...q, totalCount }) });
  })
  // Each new member's set-password link is in this response, once (`_setPasswordUrl`, with
  // `_setPasswordUrlExpiresAt` and whether it was also emailed, `_setPasswordEmailed`); no GET
  // ever shows it again. The member chooses their own password through it.
  .post("/", doc({ operationId: "postMembers", summary: "Invite new members", body: inviteBody, ok: { status: 201, schema: invitedMembersSchema, description: "The invited members, each with a set-password link shown only here" }, errors: [409] }), async (c) => {
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
  .get("/me", doc({ operationId: "getCurrentMember", summary: "The member behind the calling token", ok: { status: 200, schema: memberSchema, description: "The member" } }), (c) => c.json(memberRepresentation(c.get("member"))))
  .get("/:id", doc({ operationId: "getMember", summary: "Get an account member", ok: { status: 200, schema: memberSchema, description: "The member" }, errors: [404] }), async (c) => c.json(memberRepresentation(await getMember(c.get("actor"), parseWith(idParam, c.req.param("id"))))))
  .patch("/:id", doc({ operationId: "patchMember", summary: "Change a member's roles (JSON Patch)", body: patchBodySchema, ok: { status: 200, schema: memberSchema, description: "The member" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const id = parseWith(idParam, c.req.param("id"));
    const operations = parsePatchBody(await readJson(c));
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
    const member = Object.keys(changes).length ? await updateMemberRoles(actor, id, changes) : await getMember(actor, id);
    return c.json(memberRepresentation(member));
  })
  .delete("/:id", doc({ operationId: "deleteMember", summary: "Remove an account member", ok: { status: 204, description: "Removed" }, errors: [404, 409] }), async (c) => {
    await removeMember(c.get("actor"), parseWith(idParam, c.req.param("id")));
    return c.body(null, 204);
  });
