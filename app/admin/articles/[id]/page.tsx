import { notFound } from 'next/navigation';
import { ArticleEditor, type EditorArticle } from '@/components/admin/article-editor';
import { AdminHeading, Forbidden, StatusBadge, param, type SearchParams } from '@/components/admin/ui';
import { getArticleForEdit, getEditorOptions } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/page-guard';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { now } from '@/lib/clock';

export const metadata = { title: 'Edit article' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

const NOTICES: Record<string, string> = {
  created: 'Draft created.',
  submitted: 'Draft created and submitted for review: an editor will take it from here.',
  restored: 'Revision restored as the newest version.',
};

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

async function EditArticle({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  if (!(await staffForPage(`/admin/articles/${encodeURIComponent(id)}`, 'articles:write-own'))) return <Forbidden />;
  let a;
  try {
    a = await getArticleForEdit(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError) return <Forbidden message={err.message} />;
    throw err;
  }
  const options = await getEditorOptions();
  // A scheduled article whose time has come is live: edit it as published (saving it as "scheduled"
  // with a time in the past would be refused).
  const live = a.status === 'scheduled' && !!a.publishedAt && a.publishedAt.getTime() <= now().getTime();
  const article: EditorArticle = {
    ...a,
    status: live ? 'published' : a.status,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    submittedAt: a.submittedAt?.toISOString() ?? null,
  };
  return (
    <>
      <AdminHeading title="Edit article">
        <StatusBadge status={live ? 'published' : a.status} />
      </AdminHeading>
      <ArticleEditor key={a.id} article={article} options={options} notice={NOTICES[param(sp, 'saved')]} />
    </>
  );
}

export default function EditArticlePage(props: Props) {
  return <EditArticle {...props} />;
}
