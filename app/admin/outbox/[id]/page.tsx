import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { getOutboxMail } from '@/lib/dal/mail-outbox';
import { staffForPage } from '@/lib/dal/page-guard';
import { OutboxNotice } from '../notice';

export const metadata: Metadata = { title: 'Outbox message', robots: { index: false }, referrer: 'no-referrer' };
export const instant = false;

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** Plain text with its http(s) links made clickable (the text itself is escaped by React). */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <a key={i} href={p} className="underline break-all">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </>
  );
}

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  if (!(await staffForPage(`/admin/outbox/${id}`, 'outbox:read'))) notFound();
  const mail = await getOutboxMail(Number(id));
  if (!mail) notFound();
  return (
    <article className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/outbox" className="underline">
          ← Outbox
        </Link>
      </p>
      <h1 className="font-serif text-2xl font-bold">{mail.subject}</h1>
      <OutboxNotice />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="font-semibold">To</dt>
        <dd className="break-all">{mail.to}</dd>
        <dt className="font-semibold">Created</dt>
        <dd>{fmt.format(mail.createdAt)} UTC</dd>
        <dt className="font-semibold">Delivery</dt>
        <dd>
          {mail.error
            ? `failed: ${mail.error}`
            : mail.transport === 'outbox'
              ? 'not delivered (no SMTP_URL): kept here'
              : mail.sentAt
                ? `sent ${fmt.format(mail.sentAt)} UTC`
                : 'sending'}
        </dd>
      </dl>
      {mail.redacted && (
        <p className="text-sm font-semibold">This message carries a secret link for {mail.to}: it is hidden from everyone else.</p>
      )}
      {mail.transport === 'smtp' ? (
        <p className="text-sm">Delivered over SMTP: the message itself is not kept.</p>
      ) : (
        <pre className="overflow-x-auto rounded border border-stone-300 bg-stone-50 p-3 text-sm whitespace-pre-wrap">
          <Linked text={mail.text} />
        </pre>
      )}
    </article>
  );
}
