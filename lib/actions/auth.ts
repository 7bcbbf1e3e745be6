'use server';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth';
import { clientIp } from '@/lib/client-ip';
import { UserError } from '@/lib/errors';
import { formValues, type ActionState } from '@/lib/actions/state';
import { flash } from '@/lib/actions/form-flash';
import {
  INVALID_CREDENTIALS,
  SIGNUP_DONE,
  registerUser,
  requestPasswordReset,
  resendVerification,
  resetPasswordWithToken,
} from '@/lib/dal/users';
import { requireViewer } from '@/lib/dal/session';
import { SIGNIN_THROTTLED_HINT } from '@/lib/dal/signin';
import { runInBackground } from '@/lib/mail/background';
import { retryMessage } from '@/lib/rate-limit';
import { emailOnlySchema, resetPasswordSchema, signInSchema, signUpSchema } from '@/lib/validation/auth';
import { safePath } from '@/lib/safe-path';

function invalid(error: z.ZodError, values: Record<string, string>, message = 'Please correct the highlighted fields.'): ActionState {
  return { ok: false, message, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>, values };
}

function refused(err: unknown, values: Record<string, string>): ActionState {
  if (err instanceof UserError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  throw err;
}

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

async function signInActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = signInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) return invalid(parsed.error, values, 'Enter your email and password.');
  const next = await nextFrom(formData);
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (err) {
    const e = err as { type?: string; code?: string };
    if (e?.type === 'CredentialsSignin') {
      const m = /^throttled:(\d+)$/.exec(e.code ?? '');
      return { ok: false, message: m ? `${retryMessage(Number(m[1]))} ${SIGNIN_THROTTLED_HINT}` : INVALID_CREDENTIALS, values };
    }
    throw err;
  }
  redirect(next);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}

async function signUpActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = signUpSchema.safeParse(Object.fromEntries(['email', 'name', 'handle', 'password'].map((k) => [k, formData.get(k) ?? ''])));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await registerUser({ ...parsed.data, ip: clientIp(await headers()) });
  } catch (err) {
    return refused(err, values);
  }
  // The same answer for a new and an already registered address (whose owner is mailed instead).
  return { ok: true, message: SIGNUP_DONE(parsed.data.email), values: { email: parsed.data.email } };
}

async function forgotPasswordActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = emailOnlySchema.safeParse({ email: formData.get('email') ?? '' });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await requestPasswordReset(parsed.data.email, clientIp(await headers()));
  } catch (err) {
    return refused(err, values);
  }
  return { ok: true, message: `If an account uses ${parsed.data.email}, a link to reset its password is on its way.`, values };
}

async function resetPasswordActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = resetPasswordSchema.safeParse({ token: formData.get('token') ?? '', password: formData.get('password') ?? '' });
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error).fieldErrors;
    if (flat.token) return { ok: false, message: 'This link is not valid. Ask for a new one.', values };
    return invalid(parsed.error, values);
  }
  try {
    await resetPasswordWithToken(parsed.data.token, parsed.data.password);
  } catch (err) {
    return refused(err, values);
  }
  redirect('/signin?reset=1');
}

async function magicLinkActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = emailOnlySchema.safeParse({ email: formData.get('email') ?? '' });
  if (!parsed.success) return invalid(parsed.error, values);
  const next = await nextFrom(formData);
  const { hitLimit, ipLimit } = await import('@/lib/rate-limit');
  const ip = clientIp(await headers());
  const [a, i] = await Promise.all([hitLimit('mailAccount', `magic:${parsed.data.email}`), hitLimit(ipLimit('mailIp', ip), ip)]);
  if (a.limited || i.limited) return { ok: false, message: retryMessage(Math.max(a.retryAfterSec, i.retryAfterSec)), values };
  // Auth.js looks the address up, stores a token and sends the mail: all after the answer, so a known
  // address and an unknown one answer alike and as fast. A failure is logged (the visitor was told "if").
  const email = parsed.data.email;
  runInBackground(async () => {
    try {
      await signIn('email', { email, redirectTo: next, redirect: false });
    } catch (err) {
      // After the response cookies can no longer be set; the mail has been sent by then.
      if (!/cookies/i.test(String((err as Error)?.message))) throw err;
    }
  });
  return { ok: true, message: `If ${email} can sign in here, a sign-in link is on its way. It works once, for 24 hours.`, values };
}

export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = z.enum(['github', 'google']).safeParse(formData.get('provider'));
  if (!provider.success) redirect('/signin');
  await signIn(provider.data, { redirectTo: await nextFrom(formData) });
}

async function resendVerificationActionInner(_prev: ActionState, _formData: FormData): Promise<ActionState> {
  const viewer = await requireViewer().catch(() => null);
  if (!viewer) return { ok: false, message: 'Please sign in first.' };
  try {
    await resendVerification(viewer.id, clientIp(await headers()));
  } catch (err) {
    return refused(err, {});
  }
  return { ok: true, message: `We sent a new verification link to ${viewer.email}.` };
}

// The exported actions: each result is also kept for a page rendered after a post without JavaScript.
export async function signInAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('signin', await signInActionInner(prev, formData));
}
export async function signUpAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('signup', await signUpActionInner(prev, formData));
}
export async function forgotPasswordAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('forgot', await forgotPasswordActionInner(prev, formData));
}
export async function resetPasswordAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('reset', await resetPasswordActionInner(prev, formData));
}
export async function magicLinkAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('magic', await magicLinkActionInner(prev, formData));
}
export async function resendVerificationAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('resend', await resendVerificationActionInner(prev, formData));
}
