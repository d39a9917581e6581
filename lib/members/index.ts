// The members domain's public API. Doors (server actions, the REST API) import from here only.
export { listMembers, getMember } from "./queries";
export { updateMemberRoles } from "./update-roles";
export { removeMember } from "./remove";
export { EmailsNotInvitable, inviteMember, inviteMembers, resendInvitation, revokeInvitation } from "./invite";
export { resetMemberPassword } from "./reset-password";
export {
  DEFAULT_MEMBER_LIST_LIMIT,
  EMAIL_MAX_LENGTH,
  MAX_CUSTOM_ROLES_PER_MEMBER,
  MAX_FILTER_VALUES,
  PERSON_NAME_MAX_LENGTH,
  emailSchema,
} from "./validation";
export type { InvitedMember, InviteMemberInput, IssuedSetPasswordLink, LastSeenFilter, ListMembersQuery, MemberSortField, MemberView, UpdateMemberRolesInput } from "./types";
