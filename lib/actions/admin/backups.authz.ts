import type { AuthzRows } from './authz-types';

export const rows: AuthzRows = {
  // A backup holds every account's data: admins only (without BACKUP_DIR it says where to set one).
  backupNowAction: { allowed: ['admin'], fields: () => ({}) },
};
