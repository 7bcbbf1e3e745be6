'use server';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { updateSettings } from '@/lib/dal/admin/settings';
import { siteSettingsFormSchema } from '@/lib/validation/admin';
import { adminAction } from './_shared';

/** Saves the site settings (admins only); comment rules apply from the next comment. */
export async function updateSettingsAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, siteSettingsFormSchema, { permission: 'settings:manage' }, async (data) => {
    const changed = await updateSettings(data);
    updateTag(TAGS.settings);
    return { ok: true, message: `Saved (${changed.length} setting${changed.length === 1 ? '' : 's'} changed).` };
  });
}
