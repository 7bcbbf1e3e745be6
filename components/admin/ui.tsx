import Link from '@/components/ui/link';
import { Pagination } from '@/components/ui/pagination';

/** Shared look of the newsroom pages. Other admin areas may import these. */
export const adminInput =
  'mt-1 block w-full min-w-0 rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600';
export const adminButton = 'inline-block rounded bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-stone-700 disabled:opacity-60';
export const adminButtonSecondary =
  'inline-block rounded border border-stone-800 bg-white px-4 py-2 font-semibold text-stone-900 hover:bg-stone-100 disabled:opacity-60';
export const adminDanger =
  'inline-block rounded border border-red-700 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50';

export function AdminHeading({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3 border-b border-stone-300 pb-3">
      <h1 className="font-serif text-2xl font-black sm:text-3xl">{title}</h1>
      {children ? <div className="flex flex-wrap gap-2">{children}</div> : null}
    </div>
  );
}

/** A page's notice after a redirect: a status when something was done, an alert when it was refused. */
export function AdminNotice({ tone, children }: { tone: 'done' | 'refused'; children: React.ReactNode }) {
  return tone === 'done' ? (
    <p role="status" className="mb-4 rounded border border-green-700 bg-green-50 px-3 py-2">
      {children}
    </p>
  ) : (
    <p role="alert" className="mb-4 rounded border border-red-700 bg-red-50 px-3 py-2">
      {children}
    </p>
  );
}

/** The pledge and campaign pages' word for staff without the right. */
export const PLEDGE_STAFF_ONLY = 'This page is for staff who manage pledges and campaigns.';

/** What a signed-in user without the needed role sees on a newsroom page. */
export function Forbidden({ message }: { message?: string }) {
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <p className="text-sm font-bold tracking-wide text-brand uppercase">403</p>
      <h1 className="mt-2 font-serif text-3xl font-black">Not for your account</h1>
      <p className="mt-4 text-stone-600">
        {message ?? 'This part of the newsroom is not open to your account. Ask an administrator if you think it should be.'}
      </p>
      <p className="mt-6">
        <Link href="/" className="underline">
          Go to the front page
        </Link>
      </p>
    </div>
  );
}

export function Loading() {
  return (
    <p className="py-8 text-stone-600" role="status">
      Loading…
    </p>
  );
}

/** Status as a small badge (articles, comments, pledges). */
export function StatusBadge({ status }: { status: string }) {
  const colors: Record<string, string> = {
    draft: 'bg-stone-200 text-stone-800',
    scheduled: 'bg-amber-100 text-amber-900',
    published: 'bg-green-100 text-green-900',
    archived: 'bg-stone-300 text-stone-700',
  };
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${colors[status] ?? 'bg-stone-200 text-stone-800'}`}>
      {status}
    </span>
  );
}

/** Query-string pagination for admin lists (keeps the other filters). */
export function AdminPager({ base, params, page, pages }: { base: string; params: Record<string, string>; page: number; pages: number }) {
  const href = (n: number) => `${base}?${new URLSearchParams({ ...params, page: String(n) }).toString()}`;
  return <Pagination page={page} pages={pages} href={href} previous="← Previous" next="Next →" />;
}

export function formatWhen(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export function param(sp: Record<string, string | string[] | undefined>, key: string): string {
  const v = sp[key];
  return ((Array.isArray(v) ? v[0] : v) ?? '').slice(0, 200);
}

export function pageParam(sp: Record<string, string | string[] | undefined>): number {
  const raw = param(sp, 'page');
  return /^[1-9]\d{0,4}$/.test(raw) ? Number(raw) : 1;
}
