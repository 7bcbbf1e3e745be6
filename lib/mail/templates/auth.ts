import 'server-only';
import type { Mail } from '@/lib/mail';
import { siteUrl } from '@/lib/env';
import { escapeUTF8 as escapeHtml } from 'entities';

const site = () => process.env.SITE_NAME || 'Broadsheet';

function linkMail(to: string, subject: string, intro: string, label: string, url: string, outro: string): Mail {
  // Every link mail carries a single-use secret: never shown to anyone but the addressee.
  return {
    to,
    subject,
    sensitive: true,
    text: `${intro}\n\n${label}: ${url}\n\n${outro}\n\n— ${site()}`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p><p>${escapeHtml(outro)}</p><p>— ${escapeHtml(site())}</p>`,
  };
}

export function verifyEmailMail(to: string, name: string, token: string): Mail {
  return linkMail(
    to,
    `Verify your email for ${site()}`,
    `Hello ${name}, please confirm that this is your email address.`,
    'Verify your email',
    siteUrl(`/verify-email/confirm?token=${encodeURIComponent(token)}`),
    'The link works once and expires in 48 hours. If you did not create an account, ignore this message.',
  );
}

export function changeEmailMail(to: string, name: string, token: string): Mail {
  return linkMail(
    to,
    `Confirm your new email for ${site()}`,
    `Hello ${name}, confirm that you want to use this address for your ${site()} account.`,
    'Confirm new email',
    siteUrl(`/verify-email/confirm?token=${encodeURIComponent(token)}`),
    'The link works once and expires in 24 hours. If you did not ask for this, ignore this message.',
  );
}

export function resetPasswordMail(to: string, name: string, token: string): Mail {
  return linkMail(
    to,
    `Reset your ${site()} password`,
    `Hello ${name}, someone (hopefully you) asked to reset the password of your account.`,
    'Choose a new password',
    siteUrl(`/reset-password?token=${encodeURIComponent(token)}`),
    'The link works once and expires in 1 hour. If you did not ask for this, ignore this message: your password stays the same.',
  );
}

export function magicLinkMail(to: string, url: string): Mail {
  return linkMail(
    to,
    `Sign in to ${site()}`,
    `Use this link to sign in to ${site()}.`,
    'Sign in',
    url,
    'The link works once and expires in 24 hours. If you did not ask for it, ignore this message.',
  );
}

export function passwordChangedMail(to: string, name: string): Mail {
  return {
    to,
    subject: `Your ${site()} password was changed`,
    text: `Hello ${name}, the password of your ${site()} account was just changed and every other session was signed out.\n\nIf this was not you, reset your password: ${siteUrl('/forgot-password')}\n\n— ${site()}`,
  };
}

export function emailChangedMail(oldAddress: string, name: string, newAddress: string): Mail {
  return {
    to: oldAddress,
    subject: `Your ${site()} email address was changed`,
    text: `Hello ${name}, the email address of your ${site()} account was changed to ${newAddress}. Mail about your account now goes there.\n\nIf this was not you, reset your password: ${siteUrl('/forgot-password')} and reply to this message.\n\n— ${site()}`,
  };
}

/** Sign-up with an address that already has an account: the owner hears of it, the visitor learns nothing. */
export function signUpExistingMail(to: string, name: string): Mail {
  return {
    to,
    subject: `Someone tried to create a ${site()} account with your address`,
    text: `Hello ${name}, someone (perhaps you) just tried to create a new ${site()} account with this email address. It already has an account, so nothing was created.\n\nTo use your account, sign in: ${siteUrl('/signin')}\nForgot your password? Reset it: ${siteUrl('/forgot-password')}\n\nIf this was not you, you can ignore this message: your account is unchanged.\n\n— ${site()}`,
  };
}

/** Someone asked to move their account to an address that already has one: its owner hears of it. */
export function emailInUseMail(to: string, name: string): Mail {
  return {
    to,
    subject: `Someone tried to use your address for another ${site()} account`,
    text: `Hello ${name}, someone signed in to another ${site()} account asked to change its email address to this one. Your address already has an account, so nothing was changed.\n\nYour account: ${siteUrl('/account')}\n\nIf this was not you, you can ignore this message.\n\n— ${site()}`,
  };
}

/** An author account made by an archive import (lib/import): no password yet, so the link sets one. */
export function importInviteMail(to: string, name: string, token: string): Mail {
  return linkMail(
    to,
    `Your author account at ${site()}`,
    `Hello ${name}, your articles have moved to ${site()} and you have an author account there.`,
    'Choose your password',
    siteUrl(`/reset-password?token=${encodeURIComponent(token)}`),
    `The link works once and expires in 1 hour. After that, ask for a new one at ${siteUrl('/forgot-password')} with this address.`,
  );
}
