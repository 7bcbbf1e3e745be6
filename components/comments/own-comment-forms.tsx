'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId, useState } from 'react';
import { deleteCommentAction, editCommentAction } from '@/lib/actions/comments';
import { initialState, type ActionState } from '@/lib/actions/state';
import { charCount, MAX_COMMENT_CHARS } from '@/lib/validation/comment-rules';

/**
 * Edit (while the edit window is open) and delete for the author, on the comment's own page: plain forms
 * that work without JavaScript (the page is rendered per request, so the result shows in its HTML).
 */
export function OwnCommentForms({
  commentId,
  body,
  canEdit,
  initialEdit,
  initialDelete,
}: {
  commentId: number;
  body: string;
  canEdit: boolean;
  /** Results of posts without JavaScript, read by the page (readFlash). */
  initialEdit?: ActionState;
  initialDelete?: ActionState;
}) {
  const router = useRouter();
  const id = useId();
  const [editState, editAction, saving] = useActionState(editCommentAction, initialEdit ?? initialState);
  const [delState, delAction, deleting] = useActionState(deleteCommentAction, initialDelete ?? initialState);
  const [text, setText] = useState(editState.values?.body ?? body);
  useEffect(() => {
    if (editState.ok || delState.ok) router.refresh();
  }, [editState, delState, router]);
  const n = charCount(text);
  return (
    <div className="mt-4 space-y-3">
      {canEdit && (
        <form action={editAction} className="space-y-2">
          <input type="hidden" name="commentId" value={commentId} />
          <label className="block text-sm font-semibold" htmlFor={`${id}-edit`}>
            Edit your comment
          </label>
          <textarea
            id={`${id}-edit`}
            name="body"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="block w-full rounded border border-stone-400 p-2"
          />
          <span className={`block text-sm ${n > MAX_COMMENT_CHARS ? 'text-red-700' : 'text-stone-600'}`}>
            {n.toLocaleString('en-US')} / {MAX_COMMENT_CHARS.toLocaleString('en-US')} characters
          </span>
          {editState.message && (
            <p role={editState.ok ? 'status' : 'alert'} className={`text-sm ${editState.ok ? 'text-green-800' : 'text-red-700'}`}>
              {editState.message}
            </p>
          )}
          <button type="submit" disabled={saving} className="rounded bg-stone-900 px-3 py-1 text-sm font-semibold text-white">
            Save edit
          </button>
        </form>
      )}
      <form
        action={delAction}
        onSubmit={(e) => {
          if (!confirm('Delete this comment? Replies stay.')) e.preventDefault();
        }}
      >
        <input type="hidden" name="commentId" value={commentId} />
        <button type="submit" disabled={deleting} className="text-sm underline">
          Delete this comment
        </button>
        {delState.message && (
          <span role={delState.ok ? 'status' : 'alert'} className="ml-2 text-sm">
            {delState.message}
          </span>
        )}
      </form>
    </div>
  );
}
