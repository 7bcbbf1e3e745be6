import 'server-only';
import type { Campaign, Pledge } from '@/db/schema';
import type { Mail } from '@/lib/mail';
import { siteUrl } from '@/lib/env';
import { formatMoney } from '@/lib/money';
import { detailsHtml, detailsText, escapeHtml, pledgeDetails, pledgeRef, site } from './pledge-common';

/** Thank-you mail right after a pledge: details, how to pay, and the links to view or cancel it. */
export function pledgeThanksMail(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'>; token: string; paymentInstructions: string }): Mail {
  const { pledge, campaign, token, paymentInstructions } = args;
  const base = `/pledges/${pledge.id}/${encodeURIComponent(token)}`;
  const viewUrl = siteUrl(base);
  const cancelUrl = siteUrl(`${base}/cancel`);
  const rows = pledgeDetails(pledge, campaign);
  const amount = formatMoney(pledge.amountCents, pledge.currency);
  const ref = pledgeRef(pledge.id);
  return {
    to: pledge.email,
    // The view and cancel links carry the pledge's secret token.
    sensitive: true,
    subject: `Thank you for your pledge of ${amount} to ${campaign.title}`,
    text: [
      `Thank you for supporting ${site()}!`,
      '',
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
      detailsHtml(rows),
      `<h2>How to pay</h2><p>${escapeHtml(paymentInstructions).replace(/\n/g, '<br>')}</p>`,
      `<p>Please quote your pledge number <strong>${escapeHtml(ref)}</strong>.</p>`,
      `<p><a href="${escapeHtml(viewUrl)}">See your pledge</a> · <a href="${escapeHtml(cancelUrl)}">Cancel this pledge</a></p>`,
      `<p>— ${escapeHtml(site())}</p>`,
    ].join(''),
  };
}
