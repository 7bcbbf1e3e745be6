import 'server-only';
import type { Campaign, Payment, Pledge } from '@/db/schema';
import type { Mail } from '@/lib/mail';
import { siteUrl } from '@/lib/env';
import { formatMoney } from '@/lib/money';
import { detailsHtml, detailsText, escapeHtml, pledgeDetails, pledgeRef, site } from './pledge-common';

const day = (d: Date) => d.toISOString().slice(0, 10);
const cancelUrl = (pledge: Pledge, token: string) => siteUrl(`/pledges/${pledge.id}/${encodeURIComponent(token)}/cancel`);

/**
 * Receipt for money received online (a one-time gift, or one month of a monthly gift): amount, date,
 * references, and for a monthly gift the signed link that stops it.
 */
export function paymentReceiptMail(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'>; payment: Payment; token: string }): Mail {
  const { pledge, campaign, payment, token } = args;
  const monthly = pledge.frequency === 'monthly';
  const amount = formatMoney(payment.amountCents, payment.currency, { cents: true });
  const rows: [string, string][] = [
    ...pledgeDetails(pledge, campaign),
    ['Paid', amount],
    ['Date', day(payment.receivedAt)],
    ...(monthly && payment.periodStart ? ([['For the month starting', day(payment.periodStart)]] as [string, string][]) : []),
    ['Payment reference', payment.ref],
  ];
  const cancel = monthly ? cancelUrl(pledge, token) : null;
  const how = cancel
    ? `Your gift renews every month. To stop it, open this link and confirm: ${cancel}`
    : 'This was a one-time gift: nothing more will be charged.';
  return {
    to: pledge.email,
    sensitive: !!cancel,
    subject: `Receipt: ${amount} to ${campaign.title} (${pledgeRef(pledge.id)})`,
    text: [`Thank you: we have received your payment of ${amount}.`, '', detailsText(rows), '', how, '', `— ${site()}`].join('\n'),
    html: [
      `<p>Thank you: we have received your payment of ${escapeHtml(amount)}.</p>`,
      detailsHtml(rows),
      cancel
        ? `<p>Your gift renews every month. <a href="${escapeHtml(cancel)}">Stop your monthly gift</a></p>`
        : `<p>${escapeHtml(how)}</p>`,
      `<p>— ${escapeHtml(site())}</p>`,
    ].join(''),
  };
}

/** A monthly renewal the card issuer declined: the donor hears it, with the link to stop the gift. */
export function paymentFailedMail(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'>; amountCents: number; token: string }): Mail {
  const { pledge, campaign, token } = args;
  const amount = formatMoney(args.amountCents, pledge.currency, { cents: true });
  const cancel = cancelUrl(pledge, token);
  const lines = [
    `This month's payment of ${amount} for your monthly gift to ${campaign.title} did not go through.`,
    'Your bank or card issuer declined it. Stripe will try again over the next days; you can update your card from the link in Stripe’s mail.',
    '',
    detailsText(pledgeDetails(pledge, campaign)),
    '',
    `To stop your monthly gift instead: ${cancel}`,
    '',
    `— ${site()}`,
  ];
  return {
    to: pledge.email,
    sensitive: true,
    subject: `Your monthly gift to ${campaign.title}: this month's payment failed`,
    text: lines.join('\n'),
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
  };
}

/** Confirms that a monthly gift was stopped. */
export function giftCancelledMail(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'> }): Mail {
  const { pledge, campaign } = args;
  const text = [
    `Your monthly gift to ${campaign.title} is stopped: nothing more will be charged.`,
    'Thank you for your support so far.',
    '',
    detailsText(pledgeDetails(pledge, campaign)),
    '',
    `— ${site()}`,
  ].join('\n');
  return {
    to: pledge.email,
    subject: `Your monthly gift to ${campaign.title} is stopped`,
    text,
    html: `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`,
  };
}
