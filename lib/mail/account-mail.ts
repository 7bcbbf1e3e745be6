import 'server-only';
/**
 * The mails about a reader's account, composed and sent here so the data layer hands over plain data
 * (address, name, token) and imports no template. The data layer decides when: on the request or in the
 * background (lib/mail/background), which keeps answers about unknown and known addresses alike.
 * The notices about a change already made are best effort: a failed send never undoes the change.
 */
import { sendMail } from '@/lib/mail';
import {
  changeEmailMail,
  emailChangedMail,
  emailInUseMail,
  passwordChangedMail,
  resetPasswordMail,
  signUpExistingMail,
  verifyEmailMail,
} from '@/lib/mail/templates/auth';

/** The link that proves a new account's address. */
export function mailVerificationLink(to: string, name: string, token: string): Promise<void> {
  return sendMail(verifyEmailMail(to, name, token));
}

/** The password reset link. */
export function mailPasswordResetLink(to: string, name: string, token: string): Promise<void> {
  return sendMail(resetPasswordMail(to, name, token));
}

/** The link that moves the account to a new address (sent to the new address). */
export function mailEmailChangeLink(to: string, name: string, token: string): Promise<void> {
  return sendMail(changeEmailMail(to, name, token));
}

/** Someone tried to sign up with this address, which already has an account. */
export function mailSignUpAttempt(to: string, name: string): Promise<void> {
  return sendMail(signUpExistingMail(to, name));
}

/** Someone asked to move another account to this address, which already has one. */
export function mailEmailInUse(to: string, name: string): Promise<void> {
  return sendMail(emailInUseMail(to, name));
}

/** The password was changed (best effort). */
export async function mailPasswordChanged(to: string, name: string): Promise<void> {
  await sendMail(passwordChangedMail(to, name)).catch(() => {});
}

/** The account moved to a new address: the old one hears of it (best effort). */
export async function mailEmailChanged(oldAddress: string, name: string, newAddress: string): Promise<void> {
  await sendMail(emailChangedMail(oldAddress, name, newAddress)).catch(() => {});
}
