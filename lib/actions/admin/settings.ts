'use server';
import { action } from '@/lib/actions/safe-action';
import { updateSettings } from '@/lib/dal/admin/settings';
import { siteSettingsFormSchema } from '@/lib/validation/admin';

/** Saves the site settings (admins only); comment rules apply from the next comment. */
export const updateSettingsAction = action({ access: { permission: 'settings:manage' }, schema: siteSettingsFormSchema }, async (data) => {
  const changed = await updateSettings(data);
  return { ok: true, message: `Saved (${changed.length} setting${changed.length === 1 ? '' : 's'} changed).` };
});
