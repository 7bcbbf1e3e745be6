/**
 * The "known device" cookie of rate-limiter-flexible's login guide (OWASP's device cookies): after a successful
 * password sign-in the browser gets a signed cookie naming a random device id and the accounts that signed in
 * on it. A failed sign-in from that browser for one of those accounts is counted for the device, not for the
 * IP, so an attacker sharing the owner's IP (or, with no trusted IP header, every client) cannot slow the
 * owner's own browser down. The signature makes the cookie impossible to forge for an account one has not
 * signed in to; a copied cookie only gets the copier a count of its own.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { authSecret, secureCookiesWanted } from './session-cookie';

export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;
const MAX_ACCOUNTS = 5;

export function deviceCookieName(): string {
  return `${secureCookiesWanted() ? '__Secure-' : ''}broadsheet.device`;
}

type Device = { d: string; u: string[] };

function sign(payload: string): string {
  return createHmac('sha256', `${authSecret() ?? ''}:device-cookie`)
    .update(payload)
    .digest('base64url');
}

function parse(value: string | null | undefined): Device | null {
  if (!value || value.length > 1024 || !authSecret()) return null;
  const [payload, mac] = value.split('.');
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Device;
    if (typeof data?.d !== 'string' || !Array.isArray(data.u) || !data.u.every((u) => typeof u === 'string')) return null;
    return data;
  } catch {
    return null;
  }
}

/** The device cookie's value out of a Cookie request header. */
export function deviceCookieFromHeader(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  const name = deviceCookieName();
  for (const part of cookieHeader.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** The device id when this (valid, signed) cookie says `userId` signed in on this browser before; else null. */
export function knownDeviceFor(value: string | null | undefined, userId: string): string | null {
  const device = parse(value);
  return device && device.u.includes(userId) ? device.d : null;
}

/** The cookie value after `userId` signed in on this browser (keeps the device id, the last few accounts). */
export function deviceCookieAfterSignIn(value: string | null | undefined, userId: string): string {
  const device = parse(value) ?? { d: randomUUID(), u: [] };
  const next: Device = { d: device.d, u: [...device.u.filter((u) => u !== userId), userId].slice(-MAX_ACCOUNTS) };
  const payload = Buffer.from(JSON.stringify(next)).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** Sets the cookie from a server action or route handler; silently does nothing elsewhere. */
export async function rememberDevice(current: string | null, userId: string): Promise<void> {
  try {
    const { cookies } = await import('next/headers');
    (await cookies()).set(deviceCookieName(), deviceCookieAfterSignIn(current, userId), {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secureCookiesWanted(),
      maxAge: DEVICE_COOKIE_MAX_AGE,
    });
  } catch {
    // Not inside a request that can set cookies (tests, scripts): the device stays unknown.
  }
}
