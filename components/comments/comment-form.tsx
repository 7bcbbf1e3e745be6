'use client';
import Link from '@/components/ui/link';
import { useActionState, useId, useOptimistic, useState } from 'react';
import { postCommentAction } from '@/lib/actions/comments';
import { initialState, type ActionState } from '@/lib/actions/state';
import { charCount, MAX_COMMENT_CHARS, verifyEmailHref } from '@/lib/validation/comment-rules';
import type { TextAnchor } from '@/db/schema/comments';
import { useHydrated } from './use-hydrated';
import { useViewerState } from './viewer-store';

type Props = {
  articleId: string;
  back: string;
  parentId?: number;
  feedbackPointId?: string;
  anchor?: TextAnchor | null;
  label?: string;
  submitLabel?: string;
  autoFocus?: boolean;
  /** The result of a post without JavaScript, read by a page rendered per request (readFlash). */
  initial?: ActionState;
};

/** Comment or reply form: works as a plain form post; with JavaScript a live character count. */
export function CommentForm({
  articleId,
  back,
  parentId,
  feedbackPointId,
  anchor,
  label = 'Your comment',
  submitLabel = 'Post comment',
  autoFocus,
  initial,
}: Props) {
  const [state, action, pending] = useActionState(postCommentAction, initial ?? initialState);
  // A posted comment empties the box; a refused one comes back as typed.
  const textAfter = (s: ActionState, typed: string) => (s.ok ? '' : (s.values?.body ?? typed));
  const [text, setText] = useState(() => textAfter(state, ''));
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setText(textAfter(state, text));
  }
  const viewerState = useViewerState();
  const id = useId();
  const hydrated = useHydrated();
  // Optimistic: with JavaScript the comment shows at once as "Posting…" until the server answers.
  const [posting, setPosting] = useOptimistic<string | null>(null);
  const enhancedAction = (fd: FormData) => {
    setPosting(String(fd.get('body') ?? ''));
    action(fd);
  };
  if (viewerState && !viewerState.viewer) {
    return (
      <p className="text-sm">
        <Link href={`/signin?next=${encodeURIComponent(back)}`} className="font-semibold underline">
          Sign in
        </Link>{' '}
        or{' '}
        <Link href="/signup" className="underline">
          create an account
        </Link>{' '}
        to join the conversation.
      </p>
    );
  }
  // Before they type: an unverified reader learns their comment will wait (or is not accepted) and why.
  const unverified = viewerState?.viewer && !viewerState.viewer.verified;
  const refuseUnverified = unverified && viewerState.unverifiedComments === 'refuse';
  const verifyNotice = unverified && (
    <p role="note" className="rounded border border-amber-600 bg-amber-50 px-3 py-2 text-sm">
      {refuseUnverified
        ? 'Verify your email address to comment. '
        : 'Your email address is not verified yet, so your comments are held for review until a moderator approves them. '}
      <Link href={verifyEmailHref(refuseUnverified ? 'comment-refused' : 'comment', back)} className="font-semibold underline">
        Verify your email address
      </Link>
    </p>
  );
  if (refuseUnverified) return verifyNotice;
  const n = charCount(text);
  const over = n > MAX_COMMENT_CHARS;
  return (
    <form action={hydrated ? enhancedAction : action} className="space-y-2" noValidate>
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="back" value={back} />
      {parentId && <input type="hidden" name="parentId" value={parentId} />}
      {feedbackPointId && <input type="hidden" name="feedbackPointId" value={feedbackPointId} />}
      {anchor && (
        <>
          <input type="hidden" name="anchorExact" value={anchor.exact} />
          <input type="hidden" name="anchorPrefix" value={anchor.prefix} />
          <input type="hidden" name="anchorSuffix" value={anchor.suffix} />
          {anchor.start != null && <input type="hidden" name="anchorStart" value={anchor.start} />}
          {anchor.end != null && <input type="hidden" name="anchorEnd" value={anchor.end} />}
        </>
      )}
      {verifyNotice}
      <label htmlFor={`${id}-body`} className="block text-sm font-semibold">
        {label}
      </label>
      <textarea
        id={`${id}-body`}
        name="body"
        rows={parentId ? 3 : 4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoFocus={autoFocus}
        aria-describedby={`${id}-count ${id}-msg`}
        aria-invalid={over || (!state.ok && !!state.message) || undefined}
        className="block w-full rounded border border-stone-400 p-2 font-sans text-base"
      />
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span id={`${id}-count`} aria-live="polite" className={over ? 'font-semibold text-red-700' : 'text-stone-600'}>
          {n.toLocaleString('en-US')} / {MAX_COMMENT_CHARS.toLocaleString('en-US')} characters
          {over && ` (${(n - MAX_COMMENT_CHARS).toLocaleString('en-US')} too many)`}
        </span>
        <span className="text-stone-500">**bold**, *italic*, [links](https://…), &gt; quotes, `code`, @mentions</span>
      </div>
      <div id={`${id}-msg`}>
        {state.message && !pending && (
          <p
            role={state.ok ? 'status' : 'alert'}
            className={`rounded border px-3 py-2 text-sm ${state.ok ? 'border-green-700 bg-green-50' : 'border-red-700 bg-red-50'}`}
          >
            {state.message}
          </p>
        )}
      </div>
      {posting?.trim() && (
        <div aria-live="polite" className="rounded border border-dashed border-stone-400 bg-stone-50 p-2 text-sm opacity-80">
          <p className="font-semibold">Posting…</p>
          <p className="break-words whitespace-pre-wrap">{posting}</p>
        </div>
      )}
      <button type="submit" disabled={pending} className="rounded bg-stone-900 px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? 'Posting…' : submitLabel}
      </button>
    </form>
  );
}
