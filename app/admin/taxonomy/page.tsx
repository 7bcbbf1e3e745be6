import Link from '@/components/ui/link';
import { ActionButton } from '@/components/admin/action-form';
import { CategoryForm, TagForm } from '@/components/admin/taxonomy-forms';
import { AdminHeading, Forbidden, adminDanger } from '@/components/admin/ui';
import {
  createCategoryAction,
  deleteCategoryAction,
  deleteTagAction,
  renameTagAction,
  updateCategoryAction,
} from '@/lib/actions/admin/taxonomy';
import { staffForPage } from '@/lib/dal/page-guard';
import { listTaxonomy } from '@/lib/dal/admin/taxonomy';

export const metadata = { title: 'Sections and tags' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

async function Taxonomy() {
  if (!(await staffForPage('/admin/taxonomy', 'taxonomy:manage'))) return <Forbidden />;
  const t = await listTaxonomy();
  return (
    <>
      <AdminHeading title="Sections and tags" />
      <section aria-labelledby="sections-h" className="mb-10">
        <h2 id="sections-h" className="mb-3 text-lg font-bold">
          Sections
        </h2>
        <div className="mb-4 rounded border border-stone-300 p-3">
          <h3 className="mb-2 font-semibold">New section</h3>
          <CategoryForm action={createCategoryAction} submitLabel="Create section" />
        </div>
        <ul className="space-y-4">
          {t.categories.map((c) => (
            <li key={c.id} className="rounded border border-stone-200 p-3">
              <p className="mb-2 text-sm text-stone-600">
                <Link href={`/category/${c.slug}`} className="underline">
                  /category/{c.slug}
                </Link>{' '}
                · {c.articles} articles
              </p>
              <CategoryForm action={updateCategoryAction} category={c} submitLabel="Save" />
              <div className="mt-2">
                <ActionButton
                  action={deleteCategoryAction}
                  fields={{ id: c.id }}
                  label={`Delete section ${c.name}`}
                  className={adminDanger}
                  confirm={`Delete the section “${c.name}”? Its ${c.articles} articles stay, without a section.`}
                />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="tags-h">
        <h2 id="tags-h" className="mb-1 text-lg font-bold">
          Tags
        </h2>
        <p className="mb-3 text-sm text-stone-600">New tags are created from the article editor.</p>
        <ul className="divide-y divide-stone-200">
          {t.tags.map((tag) => (
            <li key={tag.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <TagForm action={renameTagAction} tag={tag} />
              <span className="text-sm text-stone-600">{tag.articles} articles</span>
              <ActionButton
                action={deleteTagAction}
                fields={{ id: tag.id }}
                label="Delete"
                className={adminDanger}
                confirm={`Delete the tag “${tag.name}”?`}
              />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export default function TaxonomyPage() {
  return <Taxonomy />;
}
