/**
 * Whether an OAuth provider vouches for the account's email address. Auth.js creates OAuth users with
 * emailVerified = null whatever the provider said, and unverified accounts cannot vote and have their
 * comments held: so at sign-in the provider's own word is recorded (lib/dal/oauth-verification.ts).
 *
 * - Google (OIDC) sends `email_verified` in its profile.
 * - GitHub's /user has no such flag; /user/emails (scope user:email) lists each address with `verified`.
 *   githubProfile() keeps the address only with that flag, so an unverified GitHub address never counts.
 */

type Profile = Record<string, unknown> | null | undefined;

/** The address the provider says it verified, lower-cased, or null. */
export function providerVerifiedEmail(provider: string | undefined, profile: Profile): string | null {
  if (!profile || typeof profile.email !== 'string' || !profile.email) return null;
  if ((provider === 'google' || provider === 'github') && profile.email_verified === true) return profile.email.toLowerCase();
  return null;
}

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * GitHub's /user profile completed from /user/emails: the address Auth.js will use (the public one, else
 * the primary, else the first, as Auth.js itself picks it) and whether GitHub verified that address.
 */
export function githubProfile(user: Record<string, unknown>, emails: unknown): Record<string, unknown> {
  const list = Array.isArray(emails) ? (emails as GitHubEmail[]).filter((e) => e && typeof e.email === 'string') : [];
  const email = typeof user.email === 'string' && user.email ? user.email : ((list.find((e) => e.primary) ?? list[0])?.email ?? null);
  const entry = email ? list.find((e) => e.email.toLowerCase() === email.toLowerCase()) : undefined;
  return { ...user, email, email_verified: entry?.verified === true };
}

/** Fetches /user and /user/emails with the access token (the GitHub provider's userinfo request). */
export async function fetchGitHubProfile(accessToken: string, apiBaseUrl = 'https://api.github.com'): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${accessToken}`, 'User-Agent': 'authjs' };
  const user = (await (await fetch(`${apiBaseUrl}/user`, { headers })).json()) as Record<string, unknown>;
  const res = await fetch(`${apiBaseUrl}/user/emails`, { headers });
  return githubProfile(user, res.ok ? await res.json() : []);
}
