import 'server-only';
/**
 * The mails a pledge sends, composed and queued here so the data layer hands over plain data only: the
 * thank-you (with the secret links and, for an unconfirmed address, the double opt-in link) and the
 * receipt. A failed send never undoes the pledge: the outbox keeps the mail with its error for staff.
 */
import type { Campaign, Pledge } from '@/db/schema';
import { sendMail, type Mail } from '@/lib/mail';
import { pledgeReceiptMail } from '@/lib/mail/templates/pledge-receipt';
import { pledgeThanksMail } from '@/lib/mail/templates/pledge-thanks';

export async function sendPledgeThanks(args: {
  pledge: Pledge;
  campaign: Pick<Campaign, 'title'>;
  token: string;
  confirmToken: string | null;
  paymentInstructions: string;
}): Promise<void> {
  try {
    await sendMail(pledgeThanksMail(args));
  } catch (err) {
    console.error('Pledge thank-you mail failed', (err as Error).message);
  }
}

export async function sendPledgeReceipt(args: { pledge: Pledge; campaign: Pick<Campaign, 'title'> }): Promise<void> {
  try {
    await sendMail(pledgeReceiptMail(args));
  } catch (err) {
    console.error('Pledge receipt mail failed', (err as Error).message);
  }
}

/** Mails about money received online; like the others, a failed send is logged and changes nothing. */
export async function sendPaymentMail(mail: Mail): Promise<void> {
  try {
    await sendMail(mail);
  } catch (err) {
    console.error('Payment mail failed', (err as Error).message);
  }
}
