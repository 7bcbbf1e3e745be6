import type { Role } from '@/db/schema';

export const ROLES: readonly Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'] as const;

/**
 * What each role may do. The data access layer asks `can(role, permission)` before every staff read
 * and write; pages only use it to decide what to show.
 */
export const PERMISSIONS = {
  'admin:access': ['author', 'editor', 'moderator', 'admin'],
  'articles:write-own': ['author', 'editor', 'admin'],
  'articles:edit-any': ['editor', 'admin'],
  'articles:publish': ['editor', 'admin'],
  'taxonomy:manage': ['editor', 'admin'],
  'media:upload': ['author', 'editor', 'admin'],
  'comments:moderate': ['moderator', 'admin'],
  'users:moderate': ['moderator', 'admin'],
  'users:manage': ['admin'],
  'campaigns:manage': ['admin'],
  'pledges:manage': ['admin'],
  'settings:manage': ['admin'],
  'audit:read': ['admin'],
  // Imports write articles, accounts and comments in bulk from an uploaded file.
  'import:run': ['admin'],
  // The site export holds every reader's and donor's address; backups hold everything (dashboard status, "back up now").
  'site:export': ['admin'],
  'backup:run': ['admin'],
  // The development outbox can hold other people's mail (links included): admins only.
  'outbox:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isStaff(role: Role | null | undefined): boolean {
  return can(role, 'admin:access');
}
