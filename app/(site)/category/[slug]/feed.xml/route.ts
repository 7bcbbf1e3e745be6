import { buildFeed } from '@/lib/feeds/build';

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    (await buildFeed('rss', slug)) ??
    new Response('No such section.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  );
}
