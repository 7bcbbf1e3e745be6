import 'server-only';
import type { Campaign, Pledge } from '@/db/schema';
import type { Mail } from '@/lib/mail';
import { siteUrl } from '@/lib/env';
import { formatMoney } from '@/lib/money';
import { detailsHtml, detailsText, escapeHtml, pledgeDetails, pledgeRef, site } from './pledge-common';

/**
 * Thank-you mail right after a pledge: details, how to pay, and the links to view or cancel it. A pledge
 * whose address is not confirmed yet also carries the double opt-in link (`confirmToken`): until it is used
 * the pledge does not count toward the goal. This mail is the only place the secret links are ever shown.
 */
export function pledgeThanksMail(args: {
  pledge: Pledge;
  campaign: Pick<Campaign, 'title'>;
  token: string;
  confirmToken?: string | null;
  paymentInstructions: string;
}): Mail {
  const { pledge, campaign, token, confirmToken, paymentInstructions } = args;
  const base = `/pledges/${pledge.id}/${encodeURIComponent(token)}`;
  const viewUrl = siteUrl(base);
  const cancelUrl = siteUrl(`${base}/cancel`);
  const confirmUrl = confirmToken ? siteUrl(`/pledges/confirm/${pledge.id}/${encodeURIComponent(confirmToken)}`) : null;
  const rows = pledgeDetails(pledge, campaign);
  const amount = formatMoney(pledge.amountCents, pledge.currency);
  const ref = pledgeRef(pledge.id);
  const held =
    pledge.review === 'held' ? 'Because of its size, your pledge will be reviewed by our staff before it counts toward the goal.' : null;
  const messageHeld =
    pledge.message && pledge.messageStatus === 'pending'
      ? 'Your message will appear on the donor wall once our staff have approved it.'
      : null;
  const notes = [held, messageHeld].filter((n): n is string => !!n);
  return {
    to: pledge.email,
    // The view, confirm and cancel links carry the pledge's secret tokens.
    sensitive: true,
    subject: confirmUrl
      ? `Please confirm your pledge of ${amount} to ${campaign.title}`
      : `Thank you for your pledge of ${amount} to ${campaign.title}`,
    text: [
      `Thank you for supporting ${site()}!`,
      '',
      ...(confirmUrl
        ? [
            'Please confirm your pledge: it counts toward the goal once you have confirmed this address.',
            `Confirm your pledge: ${confirmUrl}`,
            'If you did not make this pledge, ignore this mail: nothing will count in your name.',
            '',
          ]
        : []),
      ...(notes.length ? [...notes, ''] : []),
      detailsText(rows),
      '',
      'How to pay',
      paymentInstructions,
      `Please quote your pledge number ${ref}.`,
      '',
      `See your pledge: ${viewUrl}`,
      `Changed your mind? Cancel this pledge (while it is unpaid): ${cancelUrl}`,
      '',
      `— ${site()}`,
    ].join('\n'),
    html: [
      `<p>Thank you for supporting ${escapeHtml(site())}!</p>`,
      confirmUrl
        ? `<p>Please confirm your pledge: it counts toward the goal once you have confirmed this address.</p><p><a href="${escapeHtml(confirmUrl)}">Confirm your pledge</a></p><p>If you did not make this pledge, ignore this mail: nothing will count in your name.</p>`
        : '',
      ...notes.map((n) => `<p>${escapeHtml(n)}</p>`),
      detailsHtml(rows),
      `<h2>How to pay</h2><p>${escapeHtml(paymentInstructions).replace(/\n/g, '<br>')}</p>`,
      `<p>Please quote your pledge number <strong>${escapeHtml(ref)}</strong>.</p>`,
      `<p><a href="${escapeHtml(viewUrl)}">See your pledge</a> · <a href="${escapeHtml(cancelUrl)}">Cancel this pledge</a></p>`,
      `<p>— ${escapeHtml(site())}</p>`,
    ].join(''),
  };
}
