import 'server-only';
/**
 * All mail goes through here: nodemailer to SMTP_URL when set. Without SMTP in development the message
 * is printed and kept in the mail_outbox table, which staff read at /admin/outbox; every message is
 * recorded there either way.
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
};

let transporter: Transporter | null | undefined;
function getTransporter(): Transporter | null {
  if (transporter === undefined) {
    const url = process.env.SMTP_URL;
    transporter = url ? nodemailer.createTransport(url) : null;
  }
  return transporter;
}

export async function sendMail(mail: Mail): Promise<void> {
  const db = await getDb();
  const t = getTransporter();
  const [row] = await db
    .insert(mailOutbox)
    .values({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, transport: t ? 'smtp' : 'outbox' })
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
    await db.update(mailOutbox).set({ error: String((err as Error).message).slice(0, 500) }).where(eq(mailOutbox.id, row.id));
    throw err;
  }
}
