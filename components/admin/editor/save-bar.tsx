'use client';
/** The editor's buttons: save (or create), submit for review (authors), preview as a reader, revisions. */
import Link from '@/components/ui/link';
import { adminButton, adminButtonSecondary } from '../ui';

type Props = { articleId: string; isNew: boolean; canPublish: boolean; isDraft: boolean; pending: boolean; dirty: boolean };

export function SaveBar({ articleId, isNew, canPublish, isDraft, pending, dirty }: Props) {
  return (
    <div className="flex flex-wrap gap-2 border-t border-stone-300 py-3" data-testid="save-bar">
      <button type="submit" name="intent" value="save" className={adminButton} disabled={pending}>
        {isNew ? 'Create draft' : 'Save'}
      </button>
      {!canPublish && isDraft ? (
        <button type="submit" name="intent" value="submit" className={adminButtonSecondary} disabled={pending}>
          Submit for review
        </button>
      ) : null}
      {!isNew ? (
        <a href={`/api/draft?id=${encodeURIComponent(articleId)}`} className={adminButtonSecondary}>
          Preview as a reader
        </a>
      ) : null}
      {!isNew ? (
        <Link href={`/admin/articles/${articleId}/revisions`} className="self-center text-sm underline">
          Revisions
        </Link>
      ) : null}
      {dirty ? <span className="self-center text-sm text-stone-600">Unsaved changes</span> : null}
    </div>
  );
}
