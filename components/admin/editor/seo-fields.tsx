'use client';
/** The search and sharing title and description, folded away unless one has an error. */
import { EditorField } from './editor-field';
import type { FieldGroupProps } from './fields';

export function SeoFields(g: FieldGroupProps) {
  const { err } = g.a11y;
  return (
    <details className="rounded border border-stone-300 p-3" open={!!(err('seoTitle') || err('seoDescription'))}>
      <summary className="cursor-pointer font-semibold">Search and sharing</summary>
      <div className="mt-3 space-y-3">
        <EditorField g={g} name="seoTitle" label="SEO title">
          {(p) => <input {...p} maxLength={120} />}
        </EditorField>
        <EditorField g={g} name="seoDescription" label="SEO description">
          {(p) => <textarea {...p} rows={2} maxLength={300} />}
        </EditorField>
      </div>
    </details>
  );
}
