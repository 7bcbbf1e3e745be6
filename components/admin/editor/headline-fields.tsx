'use client';
/** The article's title, slug (suggested from the title) and standfirst. */
import { adminInput } from '../ui';
import { FieldError } from './field-error';
import { suggestSlug, type FieldGroupProps } from './fields';

export function HeadlineFields({ f, set, readOnly, uid, a11y: { err, inv, desc } }: FieldGroupProps) {
  return (
    <>
      <div>
        <label htmlFor={`${uid}-title`} className="block text-sm font-semibold">
          Title
        </label>
        <input
          id={`${uid}-title`}
          name="title"
          value={f.title}
          onChange={(e) => set('title', e.target.value)}
          maxLength={200}
          readOnly={readOnly}
          aria-invalid={inv('title')}
          aria-describedby={desc('title')}
          className={`${adminInput} font-serif text-xl`}
        />
        <FieldError id={`${uid}-title-err`} errors={err('title')} />
      </div>
      <div>
        <label htmlFor={`${uid}-slug`} className="block text-sm font-semibold">
          Slug
        </label>
        <p id={`${uid}-slug-hint`} className="text-sm text-stone-600">
          Made from the title when left empty. Changing it later keeps the old address working (301).
        </p>
        <input
          id={`${uid}-slug`}
          name="slug"
          value={f.slug}
          placeholder={suggestSlug(f.title)}
          onChange={(e) => set('slug', e.target.value)}
          maxLength={120}
          readOnly={readOnly}
          aria-invalid={inv('slug')}
          aria-describedby={[`${uid}-slug-hint`, desc('slug')].filter(Boolean).join(' ')}
          className={adminInput}
        />
        <FieldError id={`${uid}-slug-err`} errors={err('slug')} />
      </div>
      <div>
        <label htmlFor={`${uid}-dek`} className="block text-sm font-semibold">
          Standfirst
        </label>
        <textarea
          id={`${uid}-dek`}
          name="dek"
          value={f.dek}
          onChange={(e) => set('dek', e.target.value)}
          rows={2}
          maxLength={500}
          readOnly={readOnly}
          aria-invalid={inv('dek')}
          aria-describedby={desc('dek')}
          className={adminInput}
        />
        <FieldError id={`${uid}-dek-err`} errors={err('dek')} />
      </div>
    </>
  );
}
