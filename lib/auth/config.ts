import 'server-only';
/**
 * Auth.js (next-auth v5) configuration. JWT sessions (Credentials requires them) that carry the user id and
 * the user's session version and a session id; lib/dal/session.ts compares that version with
 * users.session_version on every request (sign-out-everywhere, password changes, bans and role changes revoke
 * every session) and refuses a session id that signed out (revoked_sessions).
 * The Drizzle adapter stores OAuth accounts and magic-link verification tokens in our own tables.
 */
import type { NextAuthConfig } from 'next-auth';
import { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import type { Db } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { clientIp } from '@/lib/client-ip';
import { deviceCookieFromHeader, rememberDevice } from './device-cookie';
import { newSessionId, revokeSession } from './session-check';
import { sendMail } from '@/lib/mail';
import { magicLinkMail } from '@/lib/mail/templates/auth';
import { getUserById, uniqueHandle } from '@/lib/dal/users';
import { authenticateWithPassword } from '@/lib/dal/signin';
import { signInSchema } from '@/lib/validation/auth';
import { safePath } from '@/lib/safe-path';
import { fetchGitHubProfile } from './oauth-email';
import { recordProviderVerification } from '@/lib/dal/oauth-verification';

/** Thrown by authorize(); `code` reaches the sign-in form ("throttled:<seconds>"), never a hint about the account. */
export class ThrottledSignin extends CredentialsSignin {
  constructor(retryAfterSec: number) {
    super();
    this.code = `throttled:${retryAfterSec}`;
  }
}

export class InvalidSignin extends CredentialsSignin {
  code = 'invalid';
}

export { SESSION_MAX_AGE, authSecret, sessionCookieName, secureCookiesWanted } from './session-cookie';
import { SESSION_MAX_AGE, authSecret, secureCookiesWanted } from './session-cookie';

function adapterFor(db: Db): Adapter {
  // Our users table has more (required) columns than the adapter's default shape, hence the loose call.
  const makeAdapter = DrizzleAdapter as unknown as (client: unknown, schema: unknown) => Adapter;
  const base = makeAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    // Our users need a unique handle; OAuth and magic-link sign-ups get one derived from name or email.
    async createUser(data) {
      // The adapter's own id is dropped: the database assigns one.
      const rest = { ...data, id: undefined };
      const handle = await uniqueHandle(rest.name || rest.email, db);
      const [row] = await db
        .insert(users)
        .values({
          email: rest.email.toLowerCase(),
          name: rest.name ?? handle,
          image: rest.image ?? null,
          emailVerified: rest.emailVerified ?? null,
          handle,
        })
        .returning();
      return row as unknown as AdapterUser;
    },
  };
}

export function oauthProviders() {
  const list = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) {
    list.push(
      GitHub({
        clientId: process.env.AUTH_GITHUB_ID,
        clientSecret: process.env.AUTH_GITHUB_SECRET,
        // Also asks /user/emails whether GitHub verified the address (recorded at sign-in, see events.signIn).
        userinfo: {
          url: 'https://api.github.com/user',
          async request({ tokens }: { tokens: { access_token?: string } }) {
            return fetchGitHubProfile(tokens.access_token ?? '');
          },
        },
      }),
    );
  }
  if (process.env.AUTH_GOOGLE_ID && process.env.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: process.env.AUTH_GOOGLE_ID, clientSecret: process.env.AUTH_GOOGLE_SECRET }));
  }
  return list;
}

/** Which OAuth buttons to show: only those whose env vars are set. */
export function enabledOAuth(): { id: 'github' | 'google'; name: string }[] {
  const out: { id: 'github' | 'google'; name: string }[] = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) out.push({ id: 'github', name: 'GitHub' });
  if (process.env.AUTH_GOOGLE_ID && process.env.AUTH_GOOGLE_SECRET) out.push({ id: 'google', name: 'Google' });
  return out;
}

export function buildAuthConfig(db: Db): NextAuthConfig {
  return {
    adapter: adapterFor(db),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE },
    trustHost: true,
    useSecureCookies: secureCookiesWanted(),
    secret: authSecret(),
    pages: { signIn: '/signin', error: '/signin', verifyRequest: '/signin/check-email' },
    providers: [
      Credentials({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) throw new InvalidSignin();
          const device = deviceCookieFromHeader(request.headers.get('cookie'));
          const result = await authenticateWithPassword({ ...parsed.data, ip: clientIp(request.headers), device });
          if (result.ok) {
            // This browser is now a known device of the account: its failures no longer share the IP's count.
            await rememberDevice(device, result.user.id);
            return { id: result.user.id, email: result.user.email, name: result.user.name };
          }
          if (result.reason === 'throttled') throw new ThrottledSignin(result.retryAfterSec);
          throw new InvalidSignin();
        },
      }),
      {
        id: 'email',
        type: 'email',
        name: 'Email link',
        from: process.env.MAIL_FROM ?? 'Broadsheet <newsroom@localhost>',
        maxAge: 24 * 3600,
        server: {},
        options: {},
        async sendVerificationRequest({ identifier, url }) {
          await sendMail(magicLinkMail(identifier, url));
        },
      },
      ...oauthProviders(),
    ],
    events: {
      // Auth.js creates OAuth users unverified: record the provider's word that it verified this address.
      async signIn({ user, account, profile }) {
        if (user?.id && (account?.type === 'oauth' || account?.type === 'oidc')) {
          await recordProviderVerification(user.id, account.provider, profile as Record<string, unknown> | undefined).catch(() => false);
        }
      },
      // Sign-out (the action and POST /api/auth/signout) ends the session server-side, not just the cookie.
      async signOut(message) {
        if ('token' in message) await revokeSession(message.token);
      },
    },
    callbacks: {
      // Only same-site paths, resolved against SITE_URL (the host Auth.js sees behind `next start` or a proxy
      // may differ from the one the browser used, and its cookies belong to the latter).
      async redirect({ url, baseUrl }) {
        const site = process.env.SITE_URL || baseUrl;
        let path = '/';
        if (url.startsWith('/')) path = safePath(url);
        else {
          try {
            const u = new URL(url);
            if (u.origin === new URL(site).origin || u.origin === new URL(baseUrl).origin) path = safePath(u.pathname + u.search + u.hash);
          } catch {
            path = '/';
          }
        }
        return new URL(path, site).toString();
      },
      async signIn({ user }) {
        // A deleted (anonymised) account never signs in again.
        if (user?.id) {
          const row = await getUserById(user.id).catch(() => null);
          if (row?.deletedAt) return false;
        }
        return true;
      },
      async jwt({ token, user, trigger }) {
        if (user?.id && (trigger === 'signIn' || trigger === 'signUp')) {
          const row = await getUserById(user.id);
          if (!row || row.deletedAt) return null;
          token.sub = row.id;
          token.uid = row.id;
          token.sv = row.sessionVersion;
          // This session's own id: signing out revokes it (and only it) on the server.
          token.sid = newSessionId();
          token.name = row.name;
          token.email = row.email;
        }
        return token;
      },
      async session({ session, token }) {
        return Object.assign(session, {
          uid: token.uid as string | undefined,
          sv: token.sv as number | undefined,
          sid: token.sid as string | undefined,
        });
      },
    },
  };
}
