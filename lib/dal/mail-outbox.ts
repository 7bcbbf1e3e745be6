import 'server-only';
/** The development outbox (mail_outbox): every mail the app sent or would have sent, for staff to read. */
import { desc, eq, ilike, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { requirePermission } from './session';

export const OUTBOX_PER_PAGE = 50;

export async function listOutbox(opts: { to?: string; page?: number } = {}) {
  await requirePermission('outbox:read');
  const db = await getDb();
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const to = opts.to?.trim().slice(0, 254);
  const where = to ? ilike(mailOutbox.to, `%${to.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(mailOutbox).where(where);
  const items = await db.select({
    id: mailOutbox.id, to: mailOutbox.to, subject: mailOutbox.subject, transport: mailOutbox.transport, error: mailOutbox.error,
    createdAt: mailOutbox.createdAt, sentAt: mailOutbox.sentAt,
  }).from(mailOutbox).where(where).orderBy(desc(mailOutbox.id)).limit(OUTBOX_PER_PAGE).offset((page - 1) * OUTBOX_PER_PAGE);
  return { items, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PER_PAGE)) };
}

export async function getOutboxMail(id: number) {
  await requirePermission('outbox:read');
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const db = await getDb();
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
  return row ?? null;
}
