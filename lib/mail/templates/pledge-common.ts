import 'server-only';
import type { Campaign, Pledge } from '@/db/schema';
import { formatMoney } from '@/lib/money';
import { escapeUTF8 } from 'entities';

export const site = () => process.env.SITE_NAME || 'Broadsheet';

export const escapeHtml = escapeUTF8;

export function pledgeRef(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** The lines describing a pledge, shared by the thank-you and receipt mails. */
export function pledgeDetails(pledge: Pledge, campaign: Pick<Campaign, 'title'>): [string, string][] {
  return [
    ['Pledge number', pledgeRef(pledge.id)],
    ['Campaign', campaign.title],
    [
      'Amount',
      `${formatMoney(pledge.amountCents, pledge.currency, { cents: true })}${pledge.frequency === 'monthly' ? ' per month' : ' (one-time)'}`,
    ],
    ['Shown on the donor wall as', pledge.anonymous ? 'Anonymous' : pledge.displayName || 'A supporter'],
    ['Amount on the donor wall', pledge.hideAmount ? 'hidden' : 'shown'],
    ...(pledge.message ? ([['Your message', pledge.message]] as [string, string][]) : []),
  ];
}

export function detailsText(rows: [string, string][]): string {
  return rows.map(([k, v]) => `${k}: ${v}`).join('\n');
}

export function detailsHtml(rows: [string, string][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}
