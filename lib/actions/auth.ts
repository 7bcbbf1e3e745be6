'use server';
/**
 * Signing in, up and out, and the mailed links (reset, magic link, verification). Through the one wrapper
 * (lib/actions/safe-action.ts); each result is also kept for the page rendered after a post without JavaScript.
 */
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth';
import { action } from '@/lib/actions/safe-action';
import { clientIp } from '@/lib/client-ip';
import { TOKEN_MESSAGES } from '@/lib/auth/tokens';
import {
  INVALID_CREDENTIALS,
  SIGNUP_DONE,
  confirmEmailToken,
  registerUser,
  requestPasswordReset,
  resendVerification,
  resetPasswordWithToken,
} from '@/lib/dal/users';
import { SIGNIN_THROTTLED_HINT } from '@/lib/dal/signin';
import { UserError } from '@/lib/errors';
import { runInBackground } from '@/lib/mail/background';
import { hitLimit, ipLimit, retryMessage } from '@/lib/rate-limit';
import { emailOnlySchema, resetPasswordSchema, signInSchema, signUpSchema } from '@/lib/validation/auth';
import { safePath } from '@/lib/safe-path';

const CORRECT = 'Please correct the highlighted fields.';

/** Where to go after signing in: the form's `next`, else the `next`/`callbackUrl` of the page it was posted from. */
async function nextFrom(formData: FormData): Promise<string> {
  const given = formData.get('next');
  if (typeof given === 'string' && given) return safePath(given);
  const referer = (await headers()).get('referer');
  if (!referer) return '/';
  try {
    const u = new URL(referer);
    return safePath(u.searchParams.get('next') ?? u.searchParams.get('callbackUrl') ?? '/');
  } catch {
    return '/';
  }
}

export const signInAction = action(
  { access: 'public', schema: signInSchema, invalid: 'Enter your email and password.', flash: 'signin' },
  async (data, { formData, values }) => {
    const next = await nextFrom(formData);
    try {
      await signIn('credentials', { email: data.email, password: data.password, redirect: false });
    } catch (err) {
      const e = err as { type?: string; code?: string };
      if (e?.type !== 'CredentialsSignin') throw err;
      const m = /^throttled:(\d+)$/.exec(e.code ?? '');
      return { ok: false, message: m ? `${retryMessage(Number(m[1]))} ${SIGNIN_THROTTLED_HINT}` : INVALID_CREDENTIALS, values };
    }
    redirect(next);
  },
);

export const signOutAction = action({ access: 'public', schema: z.object({}) }, async () => {
  await signOut({ redirectTo: '/' });
});

export const signUpAction = action({ access: 'public', schema: signUpSchema, invalid: CORRECT, flash: 'signup' }, async (data) => {
  await registerUser({ ...data, ip: clientIp(await headers()) });
  // The same answer for a new and an already registered address (whose owner is mailed instead).
  return { ok: true, message: SIGNUP_DONE(data.email), values: { email: data.email } };
});

export const forgotPasswordAction = action(
  { access: 'public', schema: emailOnlySchema, invalid: CORRECT, flash: 'forgot' },
  async ({ email }, { values }) => {
    await requestPasswordReset(email, clientIp(await headers()));
    return { ok: true, message: `If an account uses ${email}, a link to reset its password is on its way.`, values };
  },
);

export const resetPasswordAction = action(
  {
    access: 'public',
    schema: resetPasswordSchema,
    invalid: (e) => (e.token ? 'This link is not valid. Ask for a new one.' : CORRECT),
    flash: 'reset',
  },
  async (data) => {
    await resetPasswordWithToken(data.token, data.password);
    redirect('/signin?reset=1');
  },
);

export const magicLinkAction = action(
  { access: 'public', schema: emailOnlySchema, invalid: CORRECT, flash: 'magic' },
  async ({ email }, { formData, values }) => {
    const next = await nextFrom(formData);
    const ip = clientIp(await headers());
    const [a, i] = await Promise.all([hitLimit('mailAccount', `magic:${email}`), hitLimit(ipLimit('mailIp', ip), ip)]);
    if (a.limited || i.limited) return { ok: false, message: retryMessage(Math.max(a.retryAfterSec, i.retryAfterSec)), values };
    // Auth.js looks the address up, stores a token and sends the mail: all after the answer, so a known
    // address and an unknown one answer alike and as fast. A failure is logged (the visitor was told "if").
    runInBackground(async () => {
      try {
        await signIn('email', { email, redirectTo: next, redirect: false });
      } catch (err) {
        // After the response cookies can no longer be set; the mail has been sent by then.
        if (!/cookies/i.test(String((err as Error)?.message))) throw err;
      }
    });
    return { ok: true, message: `If ${email} can sign in here, a sign-in link is on its way. It works once, for 24 hours.`, values };
  },
);

export const oauthSignInAction = action(
  { access: 'public', schema: z.object({ provider: z.enum(['github', 'google']) }), plainPostRedirect: (s) => (s.ok ? null : '/signin') },
  async ({ provider }, { formData }) => {
    await signIn(provider, { redirectTo: await nextFrom(formData) });
  },
);

export const resendVerificationAction = action(
  { access: 'signed-in', signedOut: { message: 'Please sign in first.' }, schema: z.object({}), flash: 'resend' },
  async (_data, { viewer }) => {
    await resendVerification(viewer.id, clientIp(await headers()));
    return { ok: true, message: `We sent a new verification link to ${viewer.email}.` };
  },
);

/**
 * The button on the page the emailed verify / change-email link opens (app/(auth)/verify-email/confirm): the
 * token is used here, by a POST, never by the GET that mail scanners send. Then to /verify-email, which says
 * what happened.
 */
export const confirmEmailAction = action(
  { access: 'public', schema: z.object({ token: z.string().max(300) }), redirectTo: () => '/verify-email?error=invalid' },
  async ({ token }) => {
    let outcome: string;
    try {
      if (token.length < 10 || token.length > 200) throw new UserError(TOKEN_MESSAGES.invalid, 400, undefined, 'token-invalid');
      const result = await confirmEmailToken(token);
      outcome = `done=${result.purpose === 'change_email' ? 'changed' : 'verified'}`;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      outcome = `error=${err.code === 'token-used' ? 'used' : err.code === 'token-expired' ? 'expired' : 'invalid'}`;
    }
    redirect(`/verify-email?${outcome}`);
  },
);
