import Link from '@/components/ui/link';
import { AdminHeading, AdminPager, Forbidden, adminButton, adminInput, pageParam, param, type SearchParams } from '@/components/admin/ui';
import { BulkBar, QueueFeedback } from '@/components/admin/moderation/forms';
import { QueueKeyboard, ShortcutHelp } from '@/components/admin/moderation/keyboard';
import { QueueItemCard } from '@/components/admin/moderation/queue-item';
import { readFlash } from '@/lib/actions/form-flash';
import { can } from '@/lib/auth/roles';
import { staffForPage } from '@/lib/dal/page-guard';
import { getQueueCounts, listModerationQueue, listQueueArticles } from '@/lib/dal/admin/moderation';
import { MODERATION_TABS, type ModerationTab } from '@/lib/validation/admin';

export const metadata = { title: 'Comments' };
// Rendered before the first byte (no streamed Suspense boundary): the bulk bar and every item's forms are in
// the HTML, so moderation works without JavaScript.
export const instant = false;

const TAB_LABELS: Record<ModerationTab, string> = {
  pending: 'Pending',
  flagged: 'Flagged',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
};
const BULK_FORM = 'bulk-moderation';

async function Queue({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const rawTab = param(sp, 'tab');
  const tab: ModerationTab = (MODERATION_TABS as readonly string[]).includes(rawTab) ? (rawTab as ModerationTab) : 'pending';
  const articleId = param(sp, 'article');
  const user = param(sp, 'user').trim();
  const filters = Object.fromEntries(Object.entries({ tab, article: articleId, user }).filter(([, v]) => v));
  const qs = new URLSearchParams(filters).toString();
  const viewer = await staffForPage(`/admin/comments${qs ? `?${qs}` : ''}`, 'comments:moderate');
  if (!viewer) return <Forbidden />;
  const [queue, counts, queueArticles, result] = await Promise.all([
    listModerationQueue({ tab, articleId: articleId || undefined, user: user || undefined, page: pageParam(sp) }),
    getQueueCounts(),
    listQueueArticles(),
    // A plain form post (no JavaScript) left its result here: the page shows it above the queue.
    readFlash('moderation'),
  ]);
  const tabHref = (t: ModerationTab) => `/admin/comments?${new URLSearchParams({ ...filters, tab: t }).toString()}`;
  return (
    <>
      <AdminHeading title="Comments" />
      <nav aria-label="Moderation queues" className="mb-4">
        <ul className="flex flex-wrap gap-1 border-b border-stone-300">
          {MODERATION_TABS.map((t) => {
            const n = t === 'pending' ? counts.pending : t === 'flagged' ? counts.flagged : null;
            return (
              <li key={t}>
                <Link
                  href={tabHref(t)}
                  aria-current={t === tab ? 'page' : undefined}
                  className={`block rounded-t px-3 py-2 text-sm font-semibold ${t === tab ? 'border border-b-0 border-stone-300 bg-white' : 'text-stone-600 hover:bg-stone-100'}`}
                >
                  {TAB_LABELS[t]}
                  {n != null ? ` (${n})` : ''}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <form method="get" role="search" aria-label="Filter comments" className="mb-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto]">
        <input type="hidden" name="tab" value={tab} />
        <div>
          <label htmlFor="q-article" className="block text-sm font-semibold">
            Article
          </label>
          <select id="q-article" name="article" defaultValue={articleId} className={adminInput}>
            <option value="">All articles</option>
            {queueArticles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
            {articleId && !queueArticles.some((a) => a.id === articleId) ? <option value={articleId}>(selected article)</option> : null}
          </select>
        </div>
        <div>
          <label htmlFor="q-user" className="block text-sm font-semibold">
            User (handle or email)
          </label>
          <input id="q-user" name="user" defaultValue={user} maxLength={200} className={adminInput} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={adminButton}>
            Filter
          </button>
          {articleId || user ? (
            <Link href={`/admin/comments?tab=${tab}`} className="py-2 text-sm underline">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      <p id="queue-count" className="mb-2 text-sm text-stone-700" role="status" aria-live="polite" aria-atomic="true">
        {queue.total} comment{queue.total === 1 ? '' : 's'} {tab === 'pending' || tab === 'flagged' ? 'left ' : ''}in{' '}
        {TAB_LABELS[tab].toLowerCase()}
      </p>
      <ShortcutHelp id="queue-shortcuts" />
      <QueueFeedback initial={result}>
        {queue.items.length ? <BulkBar formId={BULK_FORM} pageIds={queue.items.map((i) => i.id)} /> : null}
        {queue.items.length === 0 ? (
          <p className="py-6 text-stone-700">Nothing here. {tab === 'pending' ? 'Every held comment has been dealt with.' : ''}</p>
        ) : (
          <QueueKeyboard helpId="queue-shortcuts">
            <ol className="space-y-4" aria-label="Comments">
              {queue.items.map((item) => (
                <li key={item.id}>
                  <QueueItemCard item={item} bulkFormId={BULK_FORM} canManageStaff={can(viewer.role, 'users:manage')} />
                </li>
              ))}
            </ol>
          </QueueKeyboard>
        )}
      </QueueFeedback>
      <AdminPager base="/admin/comments" params={filters} page={queue.page} pages={queue.pages} />
    </>
  );
}

export default function CommentsModerationPage({ searchParams }: { searchParams: SearchParams }) {
  return <Queue searchParams={searchParams} />;
}
