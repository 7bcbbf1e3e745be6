import 'server-only';
/**
 * The outbox (mail_outbox), admins only (and not banned: requireStaff). Without SMTP_URL (development) it holds the mail the app would
 * have sent; with SMTP only delivery metadata is stored. A secret link (reset, verification, sign-in,
 * cancel, unsubscribe) is shown only to its addressee: for anyone else the DAL redacts it before it leaves.
 */
import { desc, eq, ilike } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { isSensitiveMail, smtpConfigured } from '@/lib/mail';
import { requireStaff } from './admin/guard';
import { likeLiteral, paged } from './lists';

export const OUTBOX_PER_PAGE = 50;

export const REDACTED_LINK = '[link hidden: only its addressee may see it]';

/** Whether mail is delivered over SMTP (the outbox then keeps metadata only). */
export { smtpConfigured };

export async function listOutbox(opts: { to?: string; page?: number } = {}) {
  await requireStaff('outbox:read');
  const db = await getDb();
  const to = opts.to?.trim().slice(0, 254);
  const where = to ? ilike(mailOutbox.to, `%${likeLiteral(to)}%`) : undefined;
  return paged(
    db
      .select({
        id: mailOutbox.id,
        to: mailOutbox.to,
        subject: mailOutbox.subject,
        transport: mailOutbox.transport,
        error: mailOutbox.error,
        sensitive: mailOutbox.sensitive,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
      })
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.id))
      .$dynamic(),
    db.$count(mailOutbox, where),
    opts.page,
    OUTBOX_PER_PAGE,
  );
}

export type OutboxMail = {
  id: number;
  to: string;
  subject: string;
  /** The plain-text body, with every link redacted when the mail is sensitive and not addressed to the viewer. */
  text: string;
  transport: string;
  sensitive: boolean;
  /** True when links were hidden from this viewer. */
  redacted: boolean;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** One message for the outbox page. Never returns html or headers (they repeat the links). */
export async function getOutboxMail(id: number): Promise<OutboxMail | null> {
  const viewer = await requireStaff('outbox:read');
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const db = await getDb();
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
  if (!row) return null;
  // Older rows predate the flag: judge them by their content too.
  const sensitive = row.sensitive || isSensitiveMail({ text: row.text, html: row.html ?? undefined, headers: row.headers ?? undefined });
  const own = row.to.trim().toLowerCase() === viewer.email.trim().toLowerCase();
  const redacted = sensitive && !own;
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    transport: row.transport,
    sensitive,
    redacted,
    error: row.error,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    text: redacted ? row.text.replace(/https?:\/\/[^\s<>"]+/g, REDACTED_LINK) : row.text,
  };
}
