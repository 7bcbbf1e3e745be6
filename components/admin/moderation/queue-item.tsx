import Link from '@/components/ui/link';
import { ActionButton } from '@/components/admin/action-form';
import { StatusBadge, formatWhen } from '@/components/admin/ui';
import { isBannedNow } from '@/lib/auth/ban';
import { pinCommentAction, premoderateUserAction, unbanUserAction } from '@/lib/actions/admin/moderation';
import type { listModerationQueue } from '@/lib/dal/admin/moderation';
import { BanForm, EditForm, QuickActions, RejectForm } from './forms';

export type QueueItem = Awaited<ReturnType<typeof listModerationQueue>>['items'][number];

function excerpt(s: string, max = 240) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One comment in the moderation queue with everything needed to decide, and the actions. */
export function QueueItemCard({ item, bulkFormId, canManageStaff }: { item: QueueItem; bulkFormId: string; canManageStaff: boolean }) {
  const banned = isBannedNow({ bannedUntil: item.authorBannedUntil });
  const canRestrict = item.authorId && (item.authorRole === 'reader' || canManageStaff);
  const openFlags = item.flags.filter((f) => !f.resolvedAt);
  return (
    <article
      aria-labelledby={`c-${item.id}-title`}
      tabIndex={-1}
      data-queue-item
      className="scroll-mt-28 rounded border border-stone-300 bg-white p-3 outline-offset-2 focus:outline-3 focus:outline-blue-700 data-[current=true]:border-blue-700 sm:p-4"
    >
      <header className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <input
          type="checkbox"
          name="ids"
          value={item.id}
          form={bulkFormId}
          id={`sel-${item.id}`}
          className="mt-1 h-5 w-5"
          aria-label={`Select comment ${item.id} by ${item.authorHandle ?? 'a deleted user'}`}
        />
        <div className="min-w-0 flex-1">
          <h2 id={`c-${item.id}-title`} className="text-sm">
            <span className="font-semibold">{item.authorHandle ? `@${item.authorHandle}` : 'Deleted user'}</span>
            {' on '}
            <Link href={`/article/${item.articleSlug}#comment-${item.id}`} className="underline">
              {item.articleTitle}
            </Link>
          </h2>
          <p className="text-xs text-stone-600">
            {formatWhen(item.createdAt)} · <StatusBadge status={item.status} />
            {item.pinned ? (
              <>
                {' '}
                · <span className="font-semibold">Pinned</span>
              </>
            ) : null}
            {item.editedAt ? <> · edited {formatWhen(item.editedAt)}</> : null}
          </p>
        </div>
      </header>

      {item.holdReason ? (
        <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-950">
          <span className="font-semibold">Held because: </span>
          {item.holdReason}
        </p>
      ) : null}
      {item.rejectReason ? (
        <p className="mt-2 rounded bg-stone-100 px-2 py-1 text-sm">
          <span className="font-semibold">Rejected: </span>
          {item.rejectReason}
        </p>
      ) : null}

      {item.parentId ? (
        <p className="mt-2 border-l-4 border-stone-300 pl-3 text-sm text-stone-700">
          <span className="font-semibold">
            In reply to @{item.parentAuthor ?? 'deleted'} ({item.parentStatus}):{' '}
          </span>
          <span className="break-words">{excerpt(item.parentBody ?? '', 120)}</span>
        </p>
      ) : null}

      <div className="prose-sm mt-2 break-words" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />

      <details data-context className="mt-2 rounded border border-stone-200 p-2 text-sm">
        <summary className="cursor-pointer font-semibold">Context</summary>
        <div className="mt-2 space-y-2">
          <p>
            <span className="font-semibold">Article: </span>
            {item.articleTitle}
          </p>
          {item.articleDek ? <p className="text-stone-700">{item.articleDek}</p> : null}
          {item.anchor ? (
            <blockquote className="border-l-4 border-amber-500 pl-3">
              <p className="text-xs font-semibold">On the passage:</p>
              <p className="break-words">
                …{item.anchor.prefix}
                <mark>{item.anchor.exact}</mark>
                {item.anchor.suffix}…
              </p>
            </blockquote>
          ) : null}
          {item.parentId ? (
            <blockquote className="border-l-4 border-stone-300 pl-3 text-stone-700">
              <p className="text-xs font-semibold">
                The comment it replies to, by @{item.parentAuthor ?? 'deleted'} ({item.parentStatus}):
              </p>
              <p className="break-words whitespace-pre-wrap">{item.parentBody}</p>
            </blockquote>
          ) : (
            <p className="text-stone-700">Not a reply: it starts a thread.</p>
          )}
        </div>
      </details>

      {item.flags.length ? (
        <div className="mt-2 text-sm">
          <p className="font-semibold">Flags ({openFlags.length} open)</p>
          <ul className="list-disc pl-5">
            {item.flags.map((f, i) => (
              <li key={i} className={f.resolvedAt ? 'text-stone-500' : ''}>
                “{f.reason}” by @{f.by ?? 'deleted'} · {formatWhen(f.createdAt)}
                {f.resolvedAt ? ' (resolved)' : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {item.authorId ? (
        <p className="mt-2 text-sm text-stone-700">
          <span className="font-semibold">Author history: </span>
          {item.history.approved} approved, {item.history.rejected} rejected, {item.history.pending} pending
          {banned ? (
            <>
              {' '}
              · <span className="font-semibold text-red-800">banned until {formatWhen(item.authorBannedUntil)}</span>
            </>
          ) : null}
          {item.authorPremoderated ? <> · pre-moderated</> : null}
          {' · '}
          <Link href={`/admin/users/${item.authorId}`} className="underline">
            profile
          </Link>
          {' · '}
          <Link
            href={`/admin/comments?tab=${encodeURIComponent('approved')}&user=${encodeURIComponent(item.authorHandle ?? '')}`}
            className="underline"
          >
            their comments
          </Link>
        </p>
      ) : null}

      <div className="mt-3 space-y-3">
        <QuickActions id={item.id} status={item.status} />
        <div className="flex flex-wrap gap-2">
          {item.status === 'approved' ? (
            <ActionButton
              action={pinCommentAction}
              fields={{ id: String(item.id), pinned: item.pinned ? '' : 'on' }}
              label={item.pinned ? 'Unpin' : 'Pin to top'}
            />
          ) : null}
          {canRestrict ? (
            <ActionButton
              action={premoderateUserAction}
              fields={{ userId: item.authorId!, premoderated: item.authorPremoderated ? '' : 'on' }}
              label={item.authorPremoderated ? 'Stop pre-moderating author' : 'Pre-moderate author'}
            />
          ) : null}
          {canRestrict && banned ? <ActionButton action={unbanUserAction} fields={{ userId: item.authorId! }} label="Lift ban" /> : null}
        </div>
        <details data-reject className="rounded border border-stone-200 p-2">
          <summary className="cursor-pointer text-sm font-semibold">Reject with a reason</summary>
          <div className="mt-2">
            <RejectForm id={item.id} />
          </div>
        </details>
        <details className="rounded border border-stone-200 p-2">
          <summary className="cursor-pointer text-sm font-semibold">Edit the text</summary>
          <div className="mt-2">
            <EditForm id={item.id} body={item.body} />
          </div>
        </details>
        {canRestrict && !banned ? (
          <details className="rounded border border-stone-200 p-2">
            <summary className="cursor-pointer text-sm font-semibold">Ban @{item.authorHandle}</summary>
            <div className="mt-2">
              <BanForm userId={item.authorId!} handle={item.authorHandle ?? ''} idPrefix={`ban-${item.id}`} />
            </div>
          </details>
        ) : null}
      </div>
    </article>
  );
}
