'use server';
/**
 * Pledges from readers, through the one wrapper (lib/actions/safe-action.ts). The DAL records each pledge
 * idempotently (by the form's key), mails the confirmation link and dirties the campaign's bar.
 */
import crypto from 'node:crypto';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { z } from 'zod';
import { keepPledgeResult } from '@/lib/actions/pledge-result';
import { action } from '@/lib/actions/safe-action';
import { clientIp } from '@/lib/client-ip';
import { getCampaignSummary } from '@/lib/dal/campaigns';
import { cancelOwnPledge, cancelPledgeWithToken, confirmPath, confirmPledge, createPledge, pledgePath } from '@/lib/dal/pledges';
import { paidPath, startCheckout } from '@/lib/dal/payments/checkout';
import { paymentsEnabled } from '@/lib/payments/config';
import { ipLimit, retryMessage, underLimit } from '@/lib/rate-limit';
import { pledgeFormSchema } from '@/lib/validation/pledge';

const LABELS: Record<string, string> = {
  amount: 'amount',
  email: 'email',
  message: 'message',
  displayName: 'name',
  currency: 'currency',
  frequency: 'frequency',
};

function invalidPledge(fieldErrors: Record<string, string[]>): string {
  const fields = Object.keys(fieldErrors);
  if (fields.length !== 1) return 'Please check the highlighted fields.';
  return `Please check the ${LABELS[fields[0]] ?? 'form'}: ${fieldErrors[fields[0]][0]}`;
}

/**
 * A form posted without JavaScript has no key yet; give the re-rendered form one so its next submission (and
 * any reload of it) is recognised. The DAL derives one from the content for the first submission.
 */
function withKey(formData: FormData): void {
  if (formData.get('idempotencyKey')) return;
  formData.set('idempotencyKey', `s-${crypto.randomBytes(18).toString('base64url')}`);
  formData.set('issuedKey', '1');
}

/** Refusals without JavaScript go to the campaign's pledge page, which renders per request and shows them. */
async function pledgePage(_state: unknown, formData: FormData): Promise<string> {
  const campaign = await getCampaignSummary(String(formData.get('campaignId') ?? '').slice(0, 100)).catch(() => null);
  return campaign ? `/support/${campaign.slug}#pledge-form` : '/support#pledge-form';
}

const pledgeConfig = { access: 'public', schema: pledgeFormSchema, invalid: invalidPledge, flash: 'pledge', prepare: withKey } as const;

/**
 * Records the pledge and sends the browser to /pledges/thanks, which says what happens next (confirm by mail,
 * staff review). Never to the pledge's secret page: whoever submits the form (or replays it from history on a
 * shared computer) is not necessarily the address's owner. A retry of the same form lands on "this pledge is
 * already recorded; we mailed the link to j***@example.com".
 */
async function recordPledge(data: z.infer<typeof pledgeFormSchema>, { formData }: { formData: FormData }): Promise<never> {
  // New pledges per client IP are limited (a flood of fake promises would distort the bar). The point is
  // taken before the pledge is recorded and given back when none was (a refusal, or a retry of an already
  // recorded form, which is answered as before whatever the limit).
  const ip = clientIp(await headers());
  // A key issued just now (see withKey) is for the form's next submission; this one is recognised by its content.
  const idempotencyKey = formData.get('issuedKey') ? '' : data.idempotencyKey;
  // "Pay now by card": recorded as a pledge paid online, then on to the provider's hosted checkout.
  const online = data.pay === 'card' && paymentsEnabled() ? ('stripe' as const) : undefined;
  const result = await underLimit(
    ipLimit('pledgeIp', ip),
    ip,
    (state) =>
      createPledge(
        { ...data, idempotencyKey },
        {
          online,
          refuseNew: state.limited
            ? retryMessage(state.retryAfterSec).replace('Too many attempts.', 'Too many pledges from your network.')
            : undefined,
        },
      ),
    (r) => r.created,
  );
  await keepPledgeResult(result);
  // A 303 to the hosted checkout (with or without JavaScript); null when already paid: the thank-you says so.
  const checkout = online ? await startCheckout(result.id) : null;
  redirect(checkout ?? (online ? paidPath(result.id) : '/pledges/thanks'));
}

/** The pledge page's form (and the slot's with JavaScript): a refusal shows in place, or on the pledge page without JavaScript. */
export const pledgeAction = action({ ...pledgeConfig, plainPostRedirect: pledgePage }, recordPledge);

/** The form inside cached pages (the article slot), which can't show a result in place: a refusal goes to the pledge page. */
export const pledgeFormAction = action({ ...pledgeConfig, redirectTo: pledgePage }, recordPledge);

const tokenSchema = z.object({ pledgeId: z.string().max(100), token: z.string().max(100) });

/** Cancel from the mail's link: the token is the proof. */
export const cancelPledgeWithTokenAction = action({ access: 'public', schema: tokenSchema }, async ({ pledgeId, token }) => {
  await cancelPledgeWithToken(pledgeId, token);
  redirect(pledgePath(pledgeId, token));
});

/** The same as a plain form action (the cancel page is cached): back to the pledge, which shows its status. */
export const cancelPledgeWithTokenFormAction = action(
  { access: 'public', schema: tokenSchema, redirectTo: () => '/support' },
  async ({ pledgeId, token }) => {
    await cancelPledgeWithToken(pledgeId, token);
    redirect(pledgePath(pledgeId, token));
  },
);

/** Cancel one of your own unpaid pledges from your pledges page. */
export const cancelOwnPledgeAction = action(
  { access: 'signed-in', schema: z.object({ pledgeId: z.string().max(100) }) },
  async ({ pledgeId }) => {
    const r = await cancelOwnPledge(pledgeId);
    return { ok: true, message: r.alreadyCancelled ? 'This pledge was already cancelled.' : 'Your pledge is cancelled.' };
  },
);

const confirmSchema = z.object({ pledgeId: z.string().regex(/^[0-9a-f-]{36}$/i), token: z.string().min(1).max(100) });

/**
 * The double opt-in: the button on the page the mailed confirmation link opens (plain form, works without
 * JavaScript). Back to the same page, which then says from the database what happened (confirmed, held for
 * review, or why not).
 */
export const confirmPledgeFormAction = action(
  {
    access: 'public',
    schema: confirmSchema,
    redirectTo: (_state, fd) => {
      const c = confirmSchema.safeParse({ pledgeId: fd.get('pledgeId'), token: fd.get('token') });
      return c.success ? confirmPath(c.data.pledgeId, c.data.token) : '/support';
    },
  },
  async ({ pledgeId, token }) => {
    await confirmPledge(pledgeId, token);
    return { ok: true };
  },
);
