import { z } from './zod';
import { text } from './text';

/** Shown beside every new-password field, and enforced by newPassword below plus the common-password list. */
export const PASSWORD_RULE = 'At least 10 characters, and not a commonly used password.';
export const PASSWORD_MIN = 10;

export const email = text({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
  .transform((s) => s.toLowerCase());

export const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(200, 'Use at most 200 characters.');

export const handle = text({ error: 'Choose a handle.' })
  .trim()
  .min(3, 'Use at least 3 characters.')
  .max(30, 'Use at most 30 characters.')
  .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/, 'Use only letters, digits, underscores and hyphens (not first).');

export const HANDLE_RULE = '3–30 letters, digits, underscores or hyphens; used for @mentions and your profile address.';

export const displayName = text({ error: 'Enter a display name.' })
  .trim()
  .min(1, 'Enter a display name.')
  .max(80, 'Use at most 80 characters.');

export const signInSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200),
});

export const signUpSchema = z.object({
  email,
  name: displayName,
  handle,
  password: newPassword,
});

export const emailOnlySchema = z.object({ email });

export const resetPasswordSchema = z.object({
  token: z.string().min(10).max(200),
  password: newPassword,
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  newPassword,
});

export const changeEmailSchema = z.object({
  email,
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
});

export const profileSchema = z.object({
  name: displayName,
  handle,
  bio: text().trim().max(500, 'Keep your bio under 500 characters.').default(''),
});

/** Checkbox fields: present ("on") means true, absent means false. */
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const notificationPrefsSchema = z.object({
  subscribed: checkbox,
  replies: checkbox,
  mentions: checkbox,
});

export const deleteAccountSchema = z.object({
  currentPassword: z.string().max(200).default(''),
  confirm: z
    .string()
    .trim()
    .refine((v) => v.toUpperCase() === 'DELETE', 'Type DELETE to confirm.'),
});
