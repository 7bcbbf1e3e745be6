import 'server-only';
/**
 * All mail goes through here: nodemailer to SMTP_URL when set. Without SMTP (development) the message is
 * printed to the server log and kept in the mail_outbox table, which admins read at /admin/outbox.
 *
 * Mail can carry secrets (reset, verification, magic-link, pledge-cancel and unsubscribe links): those are
 * marked `sensitive`. With SMTP configured nothing but delivery metadata is stored (to, subject, transport,
 * times), so no one with database or staff access can read a link meant for someone else.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox } from '@/db/schema';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Carries a link or token only the addressee may use. Also inferred from the links in the text. */
  sensitive?: boolean;
};

/** Paths whose links act on the addressee's behalf (tokens in the path or the query). */
const SECRET_LINK = /https?:\/\/\S*(?:[?&](?:token|t|code)=|\/api\/auth\/callback\/|\/pledges\/[^/\s]+\/[^/\s]+|\/unsubscribe)/i;

/** Whether a mail carries a secret link (explicitly marked, a List-Unsubscribe header, or a known link shape). */
export function isSensitiveMail(mail: Pick<Mail, 'text' | 'html' | 'headers' | 'sensitive'>): boolean {
  if (mail.sensitive) return true;
  if (mail.headers && Object.keys(mail.headers).some((k) => /^list-unsubscribe/i.test(k))) return true;
  return SECRET_LINK.test(mail.text) || (!!mail.html && SECRET_LINK.test(mail.html));
}

/** True when mail is delivered over SMTP (production); false for the development outbox. */
export function smtpConfigured(): boolean {
  return !!process.env.SMTP_URL;
}

let transporter: { url: string; t: Transporter } | undefined;
function getTransporter(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (transporter?.url !== url) transporter = { url, t: nodemailer.createTransport(url) };
  return transporter.t;
}

export async function sendMail(mail: Mail): Promise<void> {
  const db = await getDb();
  const t = getTransporter();
  const sensitive = isSensitiveMail(mail);
  // Over SMTP the message leaves us: keep only what is needed to diagnose delivery, never the body.
  const [row] = await db
    .insert(mailOutbox)
    .values(
      t
        ? { to: mail.to, subject: mail.subject, text: '', html: null, headers: null, transport: 'smtp', sensitive }
        : { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, transport: 'outbox', sensitive },
    )
    .returning({ id: mailOutbox.id });
  if (!t) {
    if (process.env.NODE_ENV !== 'test') console.log(`\n[mail -> ${mail.to}] ${mail.subject}\n${mail.text}\n`);
    return;
  }
  try {
    await t.sendMail({
      from: process.env.MAIL_FROM || 'Broadsheet <newsroom@localhost>',
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    await db.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.id, row.id));
  } catch (err) {
    await db
      .update(mailOutbox)
      .set({ error: String((err as Error).message).slice(0, 500) })
      .where(eq(mailOutbox.id, row.id));
    throw err;
  }
}
