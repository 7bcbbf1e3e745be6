import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '@/components/article/listing';
import { getTagBySlug } from '@/lib/dal/articles';
import { pageMetadata, SITE_FEEDS } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string; n?: string }> };

export async function generateStaticParams() {
  return [{ slug: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  const tag = await getTagBySlug(slug);
  if (!tag) return {};
  return pageMetadata({
    title: `Tagged “${tag.name}”`,
    alternates: { canonical: `/tag/${slug}${n && n !== '1' ? `/page/${n}` : ''}`, types: SITE_FEEDS },
  });
}

export default async function TagPage({ params }: Props) {
  const { slug, n } = await params;
  const tag = await getTagBySlug(slug);
  if (!tag) notFound();
  return <Listing filter={{ tagId: tag.id }} base={`/tag/${slug}`} rawPage={n} heading={<>Tagged “{tag.name}”</>} />;
}
