import { Hono, type Context } from "hono";
import { z } from "zod";
import { EmailsNotInvitable, getMember, inviteMembers, listMembers, removeMember, updateMemberRoles, type MemberView } from "../../members";
import { BUILT_IN_ROLES } from "../../policy";
import type { ApiEnv } from "../context";
import { ApiError, requestIdOf } from "../errors";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema, patchComment } from "../json-patch";
import { documented } from "../openapi/operation";
import { invitedMembersSchema, memberListSchema, memberSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { selfLink } from "../paths";
import { memberRepresentation } from "../representations";
import { parseWith, readJson } from "../request";
import { parseMemberExpand, parseMemberFilter, parseMemberSort, type MemberExpansion } from "./members-query";

const LIST_TEXT_MAX = 8000;
const listQuery = pageQuery(20).extend({
  filter: z.string().max(LIST_TEXT_MAX).optional(),
  sort: z.string().max(200).optional(),
  expand: z.string().max(200).optional(),
});
const expandQuery = z.object({ expand: z.string().max(200).optional() });
const idParam = z.string().min(1).max(64);
const invitation = z.object({
  email: z.string().max(1000),
  firstName: z.string().max(1000).optional(),
  lastName: z.string().max(1000).optional(),
  role: z.enum(BUILT_IN_ROLES, { error: `role must be one of ${BUILT_IN_ROLES.join(", ")}` }).optional(),
  // Keys or ids of the account's custom roles.
  customRoles: z.array(z.string().max(200)).max(100).optional(),
  // Nobody sets another member's password: the member chooses it through their link.
  password: z.never({ error: "password: members choose their own password through their set-password link" }).optional(),
  // LaunchDarkly's answer on a plan without teams (see refuseTeams).
  teamKeys: z.array(z.string().max(200)).max(100).optional(),
  // Tollgate's roles take no attributes.
  roleAttributes: z.record(z.string().max(200), z.array(z.unknown()).max(0, "roleAttributes: Tollgate's roles take no attributes")).optional(),
});
// LaunchDarkly invites a list of members at once.
const inviteBody = z.array(invitation).min(1).max(50);
const doc = (op: Parameters<typeof documented>[1]) => documented("Account members", op);

/** A member with what `expand` asked for: custom roles' details, and role attributes (Tollgate has none). */
function expandedMember(member: MemberView, expand: Set<MemberExpansion>) {
  return {
    ...memberRepresentation(member),
    ...(expand.has("customRoles") ? { customRolesInfo: member.customRoles.map((r) => ({ _id: r.id, key: r.key, name: r.name })) } : {}),
    ...(expand.has("roleAttributes") ? { roleAttributes: {} } : {}),
  };
}

/** Tollgate has no teams: a non-empty `teamKeys` gets LaunchDarkly's answer on a plan without them. */
function refuseTeams(invites: z.output<typeof inviteBody>): void {
  if (invites.some((i) => (i.teamKeys?.length ?? 0) > 0)) throw new ApiError("forbidden", "Tollgate has no teams: leave teamKeys out");
}

/** LaunchDarkly's answer to addresses an invitation can't take: 400 with the addresses. */
function emailsNotInvitable(c: Context, error: EmailsNotInvitable) {
  return c.json({ code: error.code, message: error.message, id: requestIdOf(c), invalid_emails: error.emails }, 400);
}

export const memberRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getMembers", summary: "List account members", query: listQuery, ok: { status: 200, schema: memberListSchema, description: "A page of members" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const expand = parseMemberExpand(q.expand);
    const query = { ...parseMemberFilter(q.filter), sort: parseMemberSort(q.sort), limit: q.limit, offset: q.offset };
    const { items, totalCount } = await listMembers(c.get("actor"), query);
    return c.json({
      items: items.map((m) => expandedMember(m, expand)),
      totalCount,
      _links: pageLinks("/members", { filter: q.filter, sort: q.sort, expand: q.expand }, { ...q, totalCount }),
    });
  })
  // Each new member's set-password link is in this response, once (`_setPasswordUrl`, with
  // `_setPasswordUrlExpiresAt` and whether it was also emailed, `_setPasswordEmailed`); no GET
  // ever shows it again. The member chooses their own password through it.
  .post("/", doc({ operationId: "postMembers", summary: "Invite new members", body: inviteBody, ok: { status: 201, schema: invitedMembersSchema, description: "The invited members, each with a set-password link shown only here" }, errors: [409] }), async (c) => {
    const invites = parseWith(inviteBody, await readJson(c));
    refuseTeams(invites);
    let invited;
    try {
      // All or none: a refused entry must not leave the others created with links nobody saw.
      invited = await inviteMembers(
        c.get("actor"),
        invites.map(({ email, firstName, lastName, role, customRoles }) => ({ email, firstName, lastName, role, customRoles })),
      );
    } catch (error) {
      if (error instanceof EmailsNotInvitable) return emailsNotInvitable(c, error);
      throw error;
    }
    const items = invited.map(({ member, setPasswordUrl, expiresAt, emailed }) => ({
      ...memberRepresentation(member),
      _setPasswordUrl: setPasswordUrl,
      _setPasswordUrlExpiresAt: expiresAt.getTime(),
      _setPasswordEmailed: emailed,
    }));
    return c.json({ items, totalCount: items.length, _links: selfLink("/members") }, 201);
  })
  // The member behind the calling token (for a service token: the member who created it), as
  // authentication read them in the same lookup: no second query on the API's busiest read.
  .get("/me", doc({ operationId: "getCurrentMember", summary: "The member behind the calling token", query: expandQuery, ok: { status: 200, schema: memberSchema, description: "The member" } }), (c) =>
    c.json(expandedMember(c.get("member"), parseMemberExpand(parseWith(expandQuery, c.req.query()).expand))),
  )
  .get("/:id", doc({ operationId: "getMember", summary: "Get an account member", query: expandQuery, ok: { status: 200, schema: memberSchema, description: "The member" }, errors: [404] }), async (c) => {
    const expand = parseMemberExpand(parseWith(expandQuery, c.req.query()).expand);
    return c.json(expandedMember(await getMember(c.get("actor"), parseWith(idParam, c.req.param("id"))), expand));
  })
  .patch("/:id", doc({ operationId: "patchMember", summary: "Change a member's roles (JSON Patch)", body: patchBodySchema, ok: { status: 200, schema: memberSchema, description: "The member" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const id = parseWith(idParam, c.req.param("id"));
    const body = await readJson(c);
    const operations = parsePatchBody(body);
    const current = memberRepresentation(await getMember(actor, id));
    const before = { role: current.role, customRoles: current.customRoles };
    const after = applyRestrictedPatch(before, operations, { roots: ["/role", "/customRoles"] });
    const changes: { role?: (typeof BUILT_IN_ROLES)[number]; customRoleIds?: string[] } = {};
    if (after.role !== before.role) {
      if (!(BUILT_IN_ROLES as readonly string[]).includes(after.role)) throw new ApiError("invalid_request", `role must be one of ${BUILT_IN_ROLES.join(", ")}`);
      changes.role = after.role;
    }
    if (JSON.stringify(after.customRoles) !== JSON.stringify(before.customRoles)) {
      if (!Array.isArray(after.customRoles) || !after.customRoles.every((r) => typeof r === "string")) throw new ApiError("invalid_request", "customRoles must be a list of role ids");
      changes.customRoleIds = after.customRoles;
    }
    const member = Object.keys(changes).length ? await updateMemberRoles(actor, id, { ...changes, comment: patchComment(body) }) : await getMember(actor, id);
    return c.json(memberRepresentation(member));
  })
  .delete("/:id", doc({ operationId: "deleteMember", summary: "Remove an account member", ok: { status: 204, description: "Removed" }, errors: [404, 409] }), async (c) => {
    await removeMember(c.get("actor"), parseWith(idParam, c.req.param("id")));
    return c.body(null, 204);
  });
