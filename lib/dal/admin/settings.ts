import 'server-only';
import { getDb } from '@/db/client';
import { settings } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { recordAudit } from '@/lib/dal/audit';
import { loadSettings, settingsSchema, type SiteSettings } from '@/lib/settings';
import { UserError } from '@/lib/errors';
import { requireStaff } from './guard';

export async function getAdminSettings(): Promise<SiteSettings> {
  await requireStaff('settings:manage');
  return loadSettings();
}

/**
 * Stores the changed keys (one row per key) and audits their before/after. Keys not in `input` keep
 * their value. Returns the changed keys, and dirties everything cached with the settings (TAGS.settings).
 */
export async function updateSettings(input: Partial<SiteSettings>): Promise<string[]> {
  const viewer = await requireStaff('settings:manage');
  const db = await getDb();
  // Read before the transaction: PGlite has one connection, so a read outside the open transaction would wait forever.
  const current = await loadSettings();
  // A key the form did not send keeps its value (an undefined would otherwise fall back to the default).
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const next = settingsSchema.parse({ ...current, ...given });
  const changedKeys = await db.transaction(async (tx) => {
    const changed = (Object.keys(next) as (keyof SiteSettings)[]).filter(
      (k) => next[k] !== undefined && JSON.stringify(next[k]) !== JSON.stringify(current[k]),
    );
    if (changed.length === 0) throw new UserError('Nothing changed.');
    const now = new Date();
    for (const key of changed) {
      await tx
        .insert(settings)
        .values({ key, value: next[key], updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value: next[key], updatedAt: now } });
    }
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'settings.update',
        entityType: 'settings',
        entityId: null,
        before: Object.fromEntries(changed.map((k) => [k, current[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      },
      tx,
    );
    return changed;
  });
  await invalidate([TAGS.settings]);
  return changedKeys;
}
