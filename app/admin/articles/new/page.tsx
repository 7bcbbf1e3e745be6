import { ArticleEditor } from '@/components/admin/article-editor';
import { AdminHeading, Forbidden } from '@/components/admin/ui';
import { getEditorOptions } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/page-guard';

export const metadata = { title: 'New article' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

async function NewArticle() {
  if (!(await staffForPage('/admin/articles/new', 'articles:write-own'))) return <Forbidden />;
  const options = await getEditorOptions();
  return (
    <>
      <AdminHeading title="New article" />
      <ArticleEditor options={options} />
    </>
  );
}

export default function NewArticlePage() {
  return <NewArticle />;
}
