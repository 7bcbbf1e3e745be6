import { draftMode } from 'next/headers';
import { NextResponse } from 'next/server';
import { getArticleForEdit } from '@/lib/dal/admin/articles';
import { UnauthenticatedError, UserError } from '@/lib/errors';

/**
 * Turns on Next's draft mode for this browser and opens the reader's view of an unpublished article.
 * Only someone who may open the article in the editor gets there: the DAL checks it.
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const id = url.searchParams.get('id') ?? '';
  try {
    await getArticleForEdit(id);
  } catch (err) {
    if (err instanceof UnauthenticatedError) {
      return NextResponse.redirect(new URL(`/signin?next=${encodeURIComponent(`/api/draft?id=${id}`)}`, req.url), 303);
    }
    if (err instanceof UserError)
      return new Response(err.message, { status: err.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw err;
  }
  (await draftMode()).enable();
  return NextResponse.redirect(new URL(`/admin/articles/${encodeURIComponent(id)}/preview`, req.url), 303);
}
