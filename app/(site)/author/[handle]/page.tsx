import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '@/components/article/listing';
import { getAuthorByHandle } from '@/lib/dal/articles';
import { pageMetadata, SITE_FEEDS } from '@/lib/metadata';

type Props = { params: Promise<{ handle: string; n?: string }> };

export async function generateStaticParams() {
  return [{ handle: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { handle, n } = await params;
  const author = await getAuthorByHandle(handle);
  if (!author) return {};
  return pageMetadata({
    title: author.name,
    description: author.bio ?? undefined,
    alternates: { canonical: `/author/${author.handle}${n && n !== '1' ? `/page/${n}` : ''}`, types: SITE_FEEDS },
  });
}

export default async function AuthorPage({ params }: Props) {
  const { handle, n } = await params;
  const author = await getAuthorByHandle(handle);
  if (!author) notFound();
  return (
    <Listing
      filter={{ authorId: author.id }}
      base={`/author/${author.handle}`}
      rawPage={n}
      heading={author.name}
      intro={author.bio ? <p className="mt-2 max-w-2xl text-stone-700">{author.bio}</p> : null}
    />
  );
}
