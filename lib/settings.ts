import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { z } from 'zod';
import { getDb, type DbOrTx } from '@/db/client';
import { settings } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';

/** Site settings with their defaults; stored as one JSON row per key in `settings`. */
export const settingsSchema = z.object({
  bannedWords: z.array(z.string()).default(['slurword', 'kill yourself']),
  suspectWords: z.array(z.string()).default(['idiot', 'moron', 'scam', 'viagra', 'casino']),
  linkLimit: z.number().int().min(0).default(2),
  holdFirstComment: z.boolean().default(false),
  editWindowMinutes: z.number().int().min(0).default(15),
  maxReplyDepth: z.number().int().min(1).max(8).default(4),
  commentIntervalSeconds: z.number().int().min(0).default(15),
  newAccountDailyCap: z.number().int().min(1).default(20),
  /** Comment notification mails: at most one per user per article in this many minutes (default 5; the rest are batched). */
  notificationBatchMinutes: z.number().int().min(0).optional(),
  guestCommenting: z.boolean().default(false),
  /** Comments from accounts whose email address is not verified: held for moderation, or refused. */
  unverifiedComments: z.enum(['hold', 'refuse']).default('hold'),
  supporterBadge: z.boolean().default(true),
  paymentInstructions: z
    .string()
    .default(
      'Thank you! Send your pledge by bank transfer to Broadsheet Media, IBAN XX00 0000 0000 0000, quoting your pledge number, or pay in person at our office.',
    ),
});
export type SiteSettings = z.infer<typeof settingsSchema>;

export async function getSettings(): Promise<SiteSettings> {
  'use cache';
  cacheTag(TAGS.settings);
  cacheLife('hours');
  return loadSettings();
}

/** Uncached read, for writes that must see the latest values. */
export async function loadSettings(tx?: DbOrTx): Promise<SiteSettings> {
  const db = tx ?? (await getDb());
  const rows = await db.select().from(settings);
  const raw = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return settingsSchema.parse(raw);
}
