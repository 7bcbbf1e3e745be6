'use client';
/**
 * Status and publication time for editors (the time in the browser's zone, sent with its offset); for
 * authors the status stays a draft, which an editor schedules or publishes.
 */
import { adminInput } from '../ui';
import { FieldError } from './field-error';
import type { EditorArticle, FieldGroupProps, Fields } from './fields';

type Props = Pick<FieldGroupProps, 'f' | 'set' | 'uid' | 'a11y'> & {
  canPublish: boolean;
  /** What the publish-time input shows. */
  publishAt: string;
  article: Pick<EditorArticle, 'status' | 'submittedAt'>;
};

export function PublicationFields({ f, set, uid, a11y: { err, inv, desc }, canPublish, publishAt, article }: Props) {
  if (!canPublish) {
    return (
      <>
        <input type="hidden" name="status" value="draft" />
        <p className="text-sm text-stone-600">
          Status: {article.status}
          {article.submittedAt ? ' (submitted for review)' : ''}. An editor schedules or publishes it.
        </p>
      </>
    );
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <label htmlFor={`${uid}-status`} className="block text-sm font-semibold">
          Status
        </label>
        <select
          id={`${uid}-status`}
          name="status"
          value={f.status}
          onChange={(e) => set('status', e.target.value as Fields['status'])}
          className={adminInput}
        >
          <option value="draft">Draft</option>
          <option value="scheduled">Scheduled</option>
          <option value="published">Published</option>
          <option value="archived">Archived</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${uid}-publishAt`} className="block text-sm font-semibold">
          Publish at
        </label>
        <input
          id={`${uid}-publishAt`}
          name="publishAt"
          type="datetime-local"
          value={publishAt}
          onChange={(e) => set('publishAt', e.target.value)}
          aria-invalid={inv('publishAt')}
          aria-describedby={[`${uid}-publishAt-hint`, desc('publishAt')].filter(Boolean).join(' ')}
          className={adminInput}
        />
        <p id={`${uid}-publishAt-hint`} className="text-sm text-stone-600">
          Your local time. Needed for “Scheduled”; empty means now when publishing.
        </p>
        <FieldError id={`${uid}-publishAt-err`} errors={err('publishAt')} />
      </div>
    </div>
  );
}
