import 'server-only';
/**
 * What the pledger is shown of a pledge: the full view for the holder of the secret link (and the account
 * that made it), and the smaller view on the double opt-in page. Both leave out the hashes of the secrets.
 */
import type { Campaign, Pledge, PledgeStatus } from '@/db/schema';
import type { PledgeMessageStatus, PledgeReview } from '@/db/schema/pledges';
import { maskEmail, pledgeNumber } from './tokens';

export type PledgeView = {
  id: string;
  number: string;
  amountCents: number;
  currency: string;
  frequency: 'one_time' | 'monthly';
  status: PledgeStatus;
  email: string;
  displayName: string;
  anonymous: boolean;
  hideAmount: boolean;
  message: string;
  createdAt: Date;
  receivedAt: Date | null;
  cancelledAt: Date | null;
  /** The address is confirmed (or staff marked it received). */
  confirmed: boolean;
  review: PledgeReview;
  messageStatus: PledgeMessageStatus;
  campaign: { id: string; slug: string; title: string };
  paymentInstructions: string;
  /** Paid online (lib/payments): the receipt, not payment instructions, is what the donor needs. */
  online: boolean;
  /** The donor may cancel it: unpaid, or a monthly gift paid online that still renews. */
  cancellable: boolean;
};

export function toView(p: Pledge, c: Campaign, fallbackInstructions: string): PledgeView {
  return {
    id: p.id,
    number: pledgeNumber(p.id),
    amountCents: p.amountCents,
    currency: p.currency,
    frequency: p.frequency,
    status: p.status,
    email: p.email,
    displayName: p.displayName,
    anonymous: p.anonymous,
    hideAmount: p.hideAmount,
    message: p.message,
    createdAt: p.createdAt,
    receivedAt: p.receivedAt,
    cancelledAt: p.cancelledAt,
    confirmed: !!p.confirmedAt || p.status === 'received',
    review: p.review,
    messageStatus: p.messageStatus,
    campaign: { id: c.id, slug: c.slug, title: c.title },
    paymentInstructions: c.paymentInstructions || fallbackInstructions,
    online: !!p.provider,
    cancellable:
      p.status === 'pledged' || (!!p.provider && p.frequency === 'monthly' && !!p.providerSubscriptionId && p.status === 'received'),
  };
}

export type ConfirmView = {
  id: string;
  number: string;
  amountCents: number;
  currency: string;
  frequency: 'one_time' | 'monthly';
  status: PledgeStatus;
  confirmed: boolean;
  held: boolean;
  rejected: boolean;
  messageHeld: boolean;
  maskedEmail: string;
  campaign: { id: string; slug: string; title: string };
};

export function toConfirmView(p: Pledge, c: Campaign): ConfirmView {
  return {
    id: p.id,
    number: pledgeNumber(p.id),
    amountCents: p.amountCents,
    currency: p.currency,
    frequency: p.frequency,
    status: p.status,
    confirmed: !!p.confirmedAt,
    held: p.review === 'held',
    rejected: p.review === 'rejected',
    messageHeld: !!p.message && p.messageStatus === 'pending',
    maskedEmail: maskEmail(p.email),
    campaign: { id: c.id, slug: c.slug, title: c.title },
  };
}
