import 'server-only';
/**
 * Single-use emailed tokens (verify email, reset password, change email). The raw token only ever exists in
 * the mail; the table keeps its SHA-256, an expiry and the time it was used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { authTokens } from '@/db/schema';
import { UserError } from '@/lib/errors';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  reset_password: 3600_000,
  change_email: 24 * 3600_000,
};

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Creates a token and returns the raw value to put in the mail. Earlier unused tokens of the same purpose stop working. */
export async function issueToken(userId: string, purpose: TokenPurpose, data: string | null = null, tx?: DbOrTx): Promise<string> {
  const db = tx ?? (await getDb());
  const raw = randomBytes(32).toString('base64url');
  await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  await db.insert(authTokens).values({
    userId,
    purpose,
    data,
    tokenHash: hashToken(raw),
    expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]),
  });
  return raw;
}

export type ConsumedToken = { userId: string; purpose: TokenPurpose; data: string | null };

export const TOKEN_MESSAGES = {
  invalid: 'This link is not valid. Check that you copied the whole link, or ask for a new one.',
  used: 'This link has already been used. Ask for a new one if you still need it.',
  expired: 'This link has expired. Ask for a new one.',
} as const;

/**
 * Marks the token used and returns what it was for; throws a UserError saying why when it is unknown,
 * already used or expired. The update is conditional, so two concurrent uses cannot both succeed.
 */
export async function consumeToken(raw: string, purposes: TokenPurpose[], tx?: DbOrTx): Promise<ConsumedToken> {
  const db = tx ?? (await getDb());
  const tokenHash = hashToken(raw);
  const [row] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, tokenHash)).limit(1);
  if (!row || !purposes.includes(row.purpose)) throw new UserError(TOKEN_MESSAGES.invalid, 400, undefined, 'token-invalid');
  if (row.usedAt) throw new UserError(TOKEN_MESSAGES.used, 400, undefined, 'token-used');
  if (row.expiresAt.getTime() <= Date.now()) throw new UserError(TOKEN_MESSAGES.expired, 400, undefined, 'token-expired');
  const [used] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.id, row.id), isNull(authTokens.usedAt)))
    .returning({ id: authTokens.id });
  if (!used) throw new UserError(TOKEN_MESSAGES.used, 400, undefined, 'token-used');
  return { userId: row.userId, purpose: row.purpose, data: row.data };
}

/** Checks a token without using it (to decide whether to show the reset form). */
export async function peekToken(raw: string, purposes: TokenPurpose[]): Promise<{ ok: true } | { ok: false; message: string }> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(authTokens)
    .where(eq(authTokens.tokenHash, hashToken(raw)))
    .limit(1);
  if (!row || !purposes.includes(row.purpose)) return { ok: false, message: TOKEN_MESSAGES.invalid };
  if (row.usedAt) return { ok: false, message: TOKEN_MESSAGES.used };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, message: TOKEN_MESSAGES.expired };
  return { ok: true };
}
