import 'server-only';
import type { Campaign, Pledge } from '@/db/schema';
import type { Mail } from '@/lib/mail';
import { formatMoney } from '@/lib/money';
import { detailsHtml, detailsText, escapeHtml, pledgeDetails, site } from './pledge-common';

/** Receipt once staff have marked the pledge received. */
export function pledgeReceiptMail(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'> }): Mail {
  const { pledge, campaign } = args;
  const received = (pledge.receivedAt ?? new Date()).toISOString().slice(0, 10);
  const rows: [string, string][] = [...pledgeDetails(pledge, campaign), ['Received on', received]];
  return {
    to: pledge.email,
    subject: `Receipt: we received your ${formatMoney(pledge.amountCents, pledge.currency)} for ${campaign.title}`,
    text: [`We have received your payment. Thank you for supporting ${site()}!`, '', detailsText(rows), '', `— ${site()}`].join('\n'),
    html: `<p>We have received your payment. Thank you for supporting ${escapeHtml(site())}!</p>${detailsHtml(rows)}<p>— ${escapeHtml(site())}</p>`,
  };
}
