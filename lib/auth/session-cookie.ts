/**
 * The session cookie's secret and name, in a module with no other imports so that proxy.ts can read
 * the session token without loading the whole Auth.js configuration.
 */
export const SESSION_MAX_AGE = 30 * 24 * 3600;

/** AUTH_SECRET; outside production a fixed development value stands in so `next dev` works out of the box. */
export function authSecret(): string | undefined {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  return process.env.NODE_ENV === 'production' ? undefined : 'broadsheet-development-secret-not-for-production';
}

export function secureCookiesWanted(): boolean {
  return (process.env.SITE_URL ?? '').startsWith('https://');
}

/** The session cookie's name, as Auth.js derives it (the __Secure- prefix on https). */
export function sessionCookieName(): string {
  return `${secureCookiesWanted() ? '__Secure-' : ''}authjs.session-token`;
}
