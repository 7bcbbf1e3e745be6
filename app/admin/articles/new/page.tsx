import { Suspense } from 'react';
import { ArticleEditor } from '@/components/admin/article-editor';
import { AdminHeading, Forbidden, Loading } from '@/components/admin/ui';
import { getEditorOptions } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/admin/guard';

export const metadata = { title: 'New article' };

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
  return <Suspense fallback={<Loading />}><NewArticle /></Suspense>;
}
