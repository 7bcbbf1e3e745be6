'use client';
/** The article's title, slug (suggested from the title) and standfirst. */
import { EditorField } from './editor-field';
import { suggestSlug, type FieldGroupProps } from './fields';

export function HeadlineFields(g: FieldGroupProps) {
  return (
    <>
      <EditorField g={g} name="title" label="Title">
        {(p) => <input {...p} maxLength={200} className={`${p.className} font-serif text-xl`} />}
      </EditorField>
      <EditorField
        g={g}
        name="slug"
        label="Slug"
        hint="Made from the title when left empty. Changing it later keeps the old address working (301)."
      >
        {(p) => <input {...p} placeholder={suggestSlug(g.f.title)} maxLength={120} />}
      </EditorField>
      <EditorField g={g} name="dek" label="Standfirst">
        {(p) => <textarea {...p} rows={2} maxLength={500} />}
      </EditorField>
    </>
  );
}
