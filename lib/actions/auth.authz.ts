import { randomUUID } from 'node:crypto';
import { EVERYONE, form, plainForm, type PublicRows } from './public-authz-types';

/** Sign-in and sign-up are the doors: open to everyone, and a made-up token opens nothing. */
export const rows: PublicRows = {
  signOutAction: { allowed: EVERYONE, args: () => plainForm({}) },
  oauthSignInAction: { allowed: EVERYONE, args: () => plainForm({ provider: 'github' }) },
  signInAction: { allowed: EVERYONE, args: () => form({ email: 'nobody-here@example.com', password: 'wrong-password-123' }) },
  signUpAction: {
    allowed: EVERYONE,
    args: () => {
      const k = randomUUID().slice(0, 8);
      return form({ email: `su-${k}@example.com`, name: `New ${k}`, handle: `su${k}`, password: `Tidal-lantern-${k}-harbour` });
    },
  },
  forgotPasswordAction: { allowed: EVERYONE, args: () => form({ email: `nobody-${randomUUID().slice(0, 8)}@example.com` }) },
  resetPasswordAction: {
    allowed: EVERYONE,
    readOnly: true,
    args: () => form({ token: randomUUID().replace(/-/g, ''), password: 'Tidal-lantern-harbour-2026' }),
  },
  magicLinkAction: { allowed: EVERYONE, args: () => form({ email: `nobody-${randomUUID().slice(0, 8)}@example.com` }) },
  resendVerificationAction: { allowed: ['unverified'], args: () => form({}) },
  // A made-up token confirms nothing, whoever presses the button.
  confirmEmailAction: { allowed: EVERYONE, readOnly: true, args: () => plainForm({ token: randomUUID().replace(/-/g, '') }) },
};
