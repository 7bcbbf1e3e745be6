'use client';
/** The article's section, tags and (for editors) byline. */
import { EditorField } from './editor-field';
import { FieldError } from './field-error';
import type { EditorOptions, FieldGroupProps } from './fields';

export function TaxonomyFields({ options, ...g }: FieldGroupProps & { options: EditorOptions }) {
  const { f, set, uid } = g;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <EditorField g={g} name="categoryId" label="Section">
          {({ readOnly, ...p }) => (
            <select {...p} disabled={readOnly}>
              <option value="">No section</option>
              {options.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </EditorField>
        <EditorField
          g={g}
          name="tags"
          label="Tags"
          hint={`Comma-separated. ${options.canCreateTags ? 'New tags are created when you save.' : 'Only editors can create new tags.'}`}
        >
          {(p) => <input {...p} />}
        </EditorField>
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
          <FieldError id={`${uid}-authorIds-err`} errors={g.a11y.err('authorIds')} />
        </fieldset>
      ) : null}
    </>
  );
}
