'use client';
/** The article's section, tags and (for editors) byline. */
import { adminInput } from '../ui';
import { FieldError } from './field-error';
import type { EditorOptions, FieldGroupProps } from './fields';

export function TaxonomyFields({ f, set, readOnly, uid, a11y: { err, inv, desc }, options }: FieldGroupProps & { options: EditorOptions }) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${uid}-cat`} className="block text-sm font-semibold">
            Section
          </label>
          <select
            id={`${uid}-cat`}
            name="categoryId"
            value={f.categoryId}
            onChange={(e) => set('categoryId', e.target.value)}
            disabled={readOnly}
            aria-invalid={inv('categoryId')}
            aria-describedby={desc('categoryId')}
            className={adminInput}
          >
            <option value="">No section</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id={`${uid}-categoryId-err`} errors={err('categoryId')} />
        </div>
        <div>
          <label htmlFor={`${uid}-tags`} className="block text-sm font-semibold">
            Tags
          </label>
          <input
            id={`${uid}-tags`}
            name="tags"
            value={f.tags}
            onChange={(e) => set('tags', e.target.value)}
            readOnly={readOnly}
            aria-invalid={inv('tags')}
            aria-describedby={[`${uid}-tags-hint`, desc('tags')].filter(Boolean).join(' ')}
            className={adminInput}
          />
          <p id={`${uid}-tags-hint`} className="text-sm text-stone-600">
            Comma-separated. {options.canCreateTags ? 'New tags are created when you save.' : 'Only editors can create new tags.'}
          </p>
          <FieldError id={`${uid}-tags-err`} errors={err('tags')} />
        </div>
      </div>

      {options.canChooseAuthors ? (
        <fieldset>
          <legend className="text-sm font-semibold">Byline</legend>
          <p className="text-sm text-stone-600">Leave all unticked to keep the current byline.</p>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {options.authors.map((a) => (
              <label key={a.id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="authorIds"
                  value={a.id}
                  checked={f.authorIds.includes(a.id)}
                  onChange={(e) => set('authorIds', e.target.checked ? [...f.authorIds, a.id] : f.authorIds.filter((x) => x !== a.id))}
                />
                {a.name}
              </label>
            ))}
          </div>
          <FieldError id={`${uid}-authorIds-err`} errors={err('authorIds')} />
        </fieldset>
      ) : null}
    </>
  );
}
