'use client';
/**
 * Status and publication time for editors (the time in the browser's zone, sent with its offset); for
 * authors the status stays a draft, which an editor schedules or publishes.
 */
import { EditorField } from './editor-field';
import type { EditorArticle, FieldGroupProps } from './fields';

type Props = FieldGroupProps & {
  canPublish: boolean;
  /** What the publish-time input shows. */
  publishAt: string;
  article: Pick<EditorArticle, 'status' | 'submittedAt'>;
};

export function PublicationFields({ canPublish, publishAt, article, ...g }: Props) {
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
      <EditorField g={g} name="status" label="Status">
        {({ readOnly, ...p }) => (
          <select {...p} disabled={readOnly}>
            <option value="draft">Draft</option>
            <option value="scheduled">Scheduled</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </select>
        )}
      </EditorField>
      <EditorField
        g={g}
        name="publishAt"
        label="Publish at"
        hint="Your local time. Needed for “Scheduled”; empty means now when publishing."
        value={publishAt}
      >
        {(p) => <input {...p} type="datetime-local" />}
      </EditorField>
    </div>
  );
}
