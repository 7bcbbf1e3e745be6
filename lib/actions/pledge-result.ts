import 'server-only';
/**
 * What the pledge form's response may show, carried from the action to /pledges/thanks in a short-lived
 * HttpOnly cookie (works with and without JavaScript). It holds no secret: the address is masked and the
 * pledge's secret links go only to that address, by mail. Someone who edits the cookie only changes what
 * their own browser shows.
 */
import { cookies } from 'next/headers';
import { z } from 'zod';
import type { CreatedPledge } from '@/lib/dal/pledges';

const COOKIE = 'bs_pledge';
const MAX_AGE_SEC = 300;

const resultSchema = z.object({
  created: z.boolean(),
  maskedEmail: z.string().max(300),
  needsConfirmation: z.boolean(),
  held: z.boolean(),
  messageHeld: z.boolean(),
  campaign: z.object({ title: z.string().max(300), slug: z.string().max(100) }),
});
export type PledgeResult = z.output<typeof resultSchema>;

export async function keepPledgeResult(r: CreatedPledge): Promise<void> {
  const value: PledgeResult = {
    created: r.created,
    maskedEmail: r.maskedEmail,
    needsConfirmation: r.needsConfirmation,
    held: r.held,
    messageHeld: r.messageHeld,
    campaign: r.campaign,
  };
  (await cookies()).set(COOKIE, Buffer.from(JSON.stringify(value)).toString('base64url'), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/pledges',
    maxAge: MAX_AGE_SEC,
    secure: (process.env.SITE_URL ?? '').startsWith('https://'),
  });
}

export async function readPledgeResult(): Promise<PledgeResult | null> {
  const raw = (await cookies()).get(COOKIE)?.value;
  if (!raw) return null;
  try {
    const parsed = resultSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
