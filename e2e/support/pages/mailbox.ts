/** The in-process SMTP server's inbox (e2e/support/mail-server.ts), as a test reads it: mails to an address, links in them. */
import { expect } from '@playwright/test';
import type { ReceivedMail } from '../mail-server';

const inbox = () => `http://127.0.0.1:${process.env.E2E_INBOX_PORT || 2627}`;

export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${inbox()}/messages?to=${encodeURIComponent(address)}`);
  return (await res.json()) as ReceivedMail[];
}

/** Waits until a mail to `address` whose subject matches arrives at the in-process SMTP server. */
export async function waitForMail(address: string, subject: RegExp, timeout = 15_000): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(address)).filter((m) => subject.test(m.subject)).at(-1);
        return !!found;
      },
      { timeout, message: `mail to ${address} matching ${subject}` },
    )
    .toBe(true);
  return found!;
}

/** First link in the mail's text that starts with the site URL and contains `pathPart`. */
export function linkIn(mail: ReceivedMail, pathPart: string): string {
  const links = mail.text.match(/https?:\/\/[^\s>)"]+/g) ?? [];
  const link = links.find((l) => l.includes(pathPart));
  if (!link) throw new Error(`No link with ${pathPart} in mail "${mail.subject}":\n${mail.text}`);
  return link;
}
