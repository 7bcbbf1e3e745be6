import { draftMode } from 'next/headers';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { ArticleBody } from '@/components/article/article-body';
import { Forbidden, StatusBadge, formatWhen } from '@/components/admin/ui';
import { getArticleForEdit, renderPreview } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/page-guard';
import { ForbiddenError, NotFoundError } from '@/lib/errors';

export const metadata = { title: 'Preview' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

type Props = { params: Promise<{ id: string }> };

/** The reader's view of an article that may not be public yet, shown only in draft mode. */
async function Preview({ params }: Props) {
  const { id } = await params;
  if (!(await staffForPage(`/admin/articles/${encodeURIComponent(id)}/preview`, 'articles:write-own'))) return <Forbidden />;
  const draft = await draftMode();
  if (!draft.isEnabled) {
    return (
      <p className="py-8">
        Preview is off.{' '}
        <a className="underline" href={`/api/draft?id=${encodeURIComponent(id)}`}>
          Turn on draft preview
        </a>
        .
      </p>
    );
  }
  let a;
  try {
    a = await getArticleForEdit(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError) return <Forbidden message={err.message} />;
    throw err;
  }
  const html = await renderPreview(a.bodySource);
  return (
    <>
      <p role="status" className="mb-6 flex flex-wrap items-center gap-3 rounded border border-amber-700 bg-amber-50 px-3 py-2 text-sm">
        <span>
          Draft preview: readers cannot see this yet. <StatusBadge status={a.status} />{' '}
          {a.publishedAt ? `(publishes ${formatWhen(a.publishedAt)})` : null}
        </span>
        <a href={`/api/draft/disable?id=${encodeURIComponent(id)}`} className="underline">
          Exit preview
        </a>
        <Link href={`/admin/articles/${id}`} className="underline">
          Back to the editor
        </Link>
      </p>
      <article className="mx-auto max-w-3xl">
        <h1 className="font-serif text-3xl leading-tight font-black sm:text-5xl">{a.title}</h1>
        {a.dek ? <p className="mt-3 font-serif text-xl text-stone-700">{a.dek}</p> : null}
        {a.coverImage ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={a.coverImage} alt={a.coverAlt} className="mt-6 w-full rounded" />
        ) : null}
        <div className="mt-6">
          <ArticleBody html={html} articleId={a.id} />
        </div>
      </article>
    </>
  );
}

export default function PreviewPage(props: Props) {
  return <Preview {...props} />;
}
