'use client';
/** The search and sharing title and description, folded away unless one has an error. */
import { adminInput } from '../ui';
import type { FieldGroupProps } from './fields';

export function SeoFields({ f, set, readOnly, uid, a11y: { err } }: FieldGroupProps) {
  return (
    <details className="rounded border border-stone-300 p-3" open={!!(err('seoTitle') || err('seoDescription'))}>
      <summary className="cursor-pointer font-semibold">Search and sharing</summary>
      <div className="mt-3 space-y-3">
        <div>
          <label htmlFor={`${uid}-seoTitle`} className="block text-sm font-semibold">
            SEO title
          </label>
          <input
            id={`${uid}-seoTitle`}
            name="seoTitle"
            value={f.seoTitle}
            onChange={(e) => set('seoTitle', e.target.value)}
            maxLength={120}
            readOnly={readOnly}
            className={adminInput}
          />
        </div>
        <div>
          <label htmlFor={`${uid}-seoDescription`} className="block text-sm font-semibold">
            SEO description
          </label>
          <textarea
            id={`${uid}-seoDescription`}
            name="seoDescription"
            value={f.seoDescription}
            onChange={(e) => set('seoDescription', e.target.value)}
            rows={2}
            maxLength={300}
            readOnly={readOnly}
            className={adminInput}
          />
        </div>
      </div>
    </details>
  );
}
