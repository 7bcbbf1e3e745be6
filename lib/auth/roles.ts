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

export type AdminSection = { href: string; label: string; permission: Permission; hidden?: boolean };

/**
 * The newsroom's sections and the permission each needs, in menu order: the menu lists those the role may
 * open, and proxy.ts answers the others with a real 403 (a 404 for a hidden one, as if it did not exist).
 * The pages and the data access layer check the same permission again.
 */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { href: '/admin', label: 'Dashboard', permission: 'admin:access' },
  { href: '/admin/articles', label: 'Articles', permission: 'articles:write-own' },
  { href: '/admin/media', label: 'Media', permission: 'media:upload' },
  { href: '/admin/taxonomy', label: 'Sections & tags', permission: 'taxonomy:manage' },
  { href: '/admin/comments', label: 'Comments', permission: 'comments:moderate' },
  { href: '/admin/pledges', label: 'Pledges', permission: 'pledges:manage' },
  { href: '/admin/campaigns', label: 'Campaigns', permission: 'campaigns:manage' },
  { href: '/admin/users', label: 'Users', permission: 'users:moderate' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings:manage' },
  { href: '/admin/import', label: 'Import', permission: 'import:run' },
  { href: '/admin/export', label: 'Export', permission: 'site:export' },
  { href: '/admin/audit', label: 'Audit log', permission: 'audit:read' },
  // Mail holds private addresses and links: staff without the right are told nothing is there.
  { href: '/admin/outbox', label: 'Outbox', permission: 'outbox:read', hidden: true },
];

/** The section an address under /admin belongs to (the longest prefix that matches whole segments). */
export function adminSection(pathname: string): AdminSection | undefined {
  return ADMIN_SECTIONS.filter((s) => pathname === s.href || pathname.startsWith(`${s.href}/`)).sort(
    (a, b) => b.href.length - a.href.length,
  )[0];
}
