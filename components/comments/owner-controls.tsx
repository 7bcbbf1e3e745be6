'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { deleteCommentAction, editCommentAction } from '@/lib/actions/comments';
import { initialState, type ActionState } from '@/lib/actions/state';
import { charCount, MAX_COMMENT_CHARS } from '@/lib/validation/comment-rules';
import { ACTION_CLASS } from './comment-item';
import { useEditClock } from './edit-clock';
import { useViewerState } from './viewer-store';

/** Edit (within the edit window) and delete, for the author of the comment. */
export function OwnerControls({
  commentId,
  authorId,
  createdAt,
  body,
}: {
  commentId: number;
  authorId: string | null;
  createdAt: string;
  body: string;
}) {
  const viewerState = useViewerState();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  // A saved edit closes the form; either change shows in the thread once it is reloaded.
  const [editState, editAction, saving] = useActionState(async (prev: ActionState, fd: FormData) => {
    const next = await editCommentAction(prev, fd);
    if (next.ok) {
      setEditing(false);
      router.refresh();
    }
    return next;
  }, initialState);
  const [delState, delAction] = useActionState(async (prev: ActionState, fd: FormData) => {
    const next = await deleteCommentAction(prev, fd);
    if (next.ok) router.refresh();
    return next;
  }, initialState);
  const [text, setText] = useState(body);
  const now = useEditClock();
  if (!viewerState?.viewer || viewerState.viewer.id !== authorId) return null;
  const canEdit = now > 0 && now - new Date(createdAt).getTime() < viewerState.editWindowMinutes * 60_000;
  const n = charCount(text);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {canEdit && !editing && (
        <button
          type="button"
          className={ACTION_CLASS}
          onClick={() => {
            // The source arrives with the viewer state, after the first render: take the latest.
            setText(body);
            setEditing(true);
          }}
        >
          Edit
        </button>
      )}
      <form
        action={delAction}
        onSubmit={(e) => {
          if (!confirm('Delete this comment? Replies stay.')) e.preventDefault();
        }}
      >
        <input type="hidden" name="commentId" value={commentId} />
        <button type="submit" className={ACTION_CLASS}>
          Delete
        </button>
      </form>
      {editState.ok && editState.message && editState.message !== 'Saved.' && (
        <span role="status" className="text-sm">
          {editState.message}
        </span>
      )}
      {delState.message && !delState.ok && (
        <span role="alert" className="text-sm text-red-700">
          {delState.message}
        </span>
      )}
      {editing && (
        <form action={editAction} className="mt-2 w-full space-y-2">
          <input type="hidden" name="commentId" value={commentId} />
          <label className="block text-sm font-semibold" htmlFor={`edit-${commentId}`}>
            Edit your comment
          </label>
          <textarea
            id={`edit-${commentId}`}
            name="body"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="block w-full rounded border border-stone-400 p-2"
          />
          <span className={`block text-sm ${n > MAX_COMMENT_CHARS ? 'text-red-700' : 'text-stone-600'}`}>
            {n.toLocaleString('en-US')} / {MAX_COMMENT_CHARS.toLocaleString('en-US')} characters
          </span>
          {editState.message && !editState.ok && (
            <p role="alert" className="text-sm text-red-700">
              {editState.message}
            </p>
          )}
          <div className="flex gap-2">
            <button type="submit" disabled={saving} className="rounded bg-stone-900 px-3 py-1 text-sm font-semibold text-white">
              Save edit
            </button>
            <button type="button" className="text-sm underline" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </span>
  );
}
