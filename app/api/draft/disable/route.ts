import { draftMode } from 'next/headers';
import { NextResponse } from 'next/server';

/** Leaves draft mode and goes back to the editor (or the newsroom). */
export async function GET(req: Request) {
  (await draftMode()).disable();
  const id = new URL(req.url).searchParams.get('id');
  return NextResponse.redirect(new URL(id ? `/admin/articles/${encodeURIComponent(id)}` : '/admin', req.url), 303);
}
