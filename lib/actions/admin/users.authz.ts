import type { AuthzRows } from './authz-types';
import { freshUser } from './moderation.authz';

export const rows: AuthzRows = {
  changeRoleAction: { allowed: ['admin'], fields: async () => ({ userId: await freshUser(), role: 'author' }) },
  forceSignOutAction: { allowed: ['admin'], fields: async () => ({ userId: await freshUser() }) },
  deleteUserAction: { allowed: ['admin'], fields: async () => ({ userId: await freshUser(), confirm: 'delete' }) },
};
