import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { listOutbox } from '@/lib/dal/mail-outbox';
import { notFound } from 'next/navigation';
import { staffForPage } from '@/lib/dal/page-guard';
import { OutboxNotice } from './notice';

export const metadata: Metadata = { title: 'Outbox', robots: { index: false } };
export const instant = false;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

export default async function OutboxPage({ searchParams }: Props) {
  const sp = await searchParams;
  const to = typeof sp.to === 'string' ? sp.to : '';
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  // Mail holds private addresses and links: staff without the right get a plain 404.
  if (!(await staffForPage('/admin/outbox', 'outbox:read'))) notFound();
  const { items, total, pages } = await listOutbox({ to, page });
  const qs = (p: number) => `?${new URLSearchParams({ ...(to ? { to } : {}), page: String(p) })}`;
  return (
    <div className="space-y-4">
      <h1 className="font-serif text-3xl font-bold">Outbox</h1>
      <OutboxNotice />
      <form method="get" className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter the outbox">
        <div>
          <label htmlFor="outbox-to" className="block text-sm font-semibold">
            Recipient
          </label>
          <input
            id="outbox-to"
            name="to"
            type="search"
            defaultValue={to}
            maxLength={254}
            className="rounded border border-stone-400 px-2 py-1"
          />
        </div>
        <button type="submit" className="rounded border border-stone-900 px-3 py-1 font-semibold">
          Filter
        </button>
      </form>
      <p className="text-sm">
        {total} message{total === 1 ? '' : 's'}
      </p>
      {items.length === 0 ? (
        <p>No mail{to ? ` to addresses matching “${to}”` : ''}.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-400">
                <th className="py-1 pr-3">When (UTC)</th>
                <th className="pr-3">To</th>
                <th className="pr-3">Subject</th>
                <th>Delivery</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} className="border-b border-stone-200 align-top">
                  <td className="py-1 pr-3 whitespace-nowrap">{fmt.format(m.createdAt)}</td>
                  <td className="pr-3 break-all">{m.to}</td>
                  <td className="pr-3">
                    <Link href={`/admin/outbox/${m.id}`} className="underline">
                      {m.subject}
                    </Link>
                  </td>
                  <td>
                    {m.error ? (
                      <span className="text-red-700">failed</span>
                    ) : m.transport === 'outbox' ? (
                      'kept here'
                    ) : m.sentAt ? (
                      'sent'
                    ) : (
                      'sending'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Outbox pages" className="flex gap-3 text-sm">
          {page > 1 && (
            <Link href={qs(page - 1)} className="underline">
              Newer
            </Link>
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && (
            <Link href={qs(page + 1)} className="underline">
              Older
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
