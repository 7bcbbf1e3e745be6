import { randomUUID } from 'node:crypto';
import { form, type PublicRows } from './public-authz-types';

const members = ['unverified', 'other', 'owner'] as const;
/** A ban freezes what others see (name, handle, bio, picture) but not the account's own hygiene. */
const membersAndBanned = [...members, 'banned'] as const;

export const rows: PublicRows = {
  updateProfileAction: {
    allowed: members,
    args: () => form({ name: 'Renamed Reader', handle: `r${randomUUID().slice(0, 8)}`, bio: 'Reads the council pages.' }),
  },
  // The demo identities have no password: an allowed call is refused for the wrong password, never for rights.
  changeEmailAction: {
    allowed: membersAndBanned,
    args: () => form({ email: `new-${randomUUID().slice(0, 8)}@example.com`, currentPassword: 'not-the-password-1' }),
  },
  changePasswordAction: {
    allowed: membersAndBanned,
    args: () => form({ currentPassword: 'not-the-password-1', newPassword: 'a-much-longer-passphrase-2026' }),
  },
  notificationPrefsAction: { allowed: membersAndBanned, args: () => form({ subscribed: 'on', replies: 'on', mentions: '' }) },
  signOutEverywhereAction: { allowed: membersAndBanned, args: () => [] },
  deleteAccountAction: { allowed: membersAndBanned, args: () => form({ currentPassword: 'not-the-password-1', confirm: 'delete' }) },
};
