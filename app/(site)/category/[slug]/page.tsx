import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '@/components/article/listing';
import { getCategoryBySlug } from '@/lib/dal/articles';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string; n?: string }> };

export async function generateStaticParams() {
  return [{ slug: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  const category = await getCategoryBySlug(slug);
  if (!category) return {};
  return pageMetadata({
    title: n && n !== '1' ? `${category.name} (page ${n})` : category.name,
    description: category.description,
    alternates: {
      canonical: `/category/${slug}${n && n !== '1' ? `/page/${n}` : ''}`,
      types: { 'application/rss+xml': `/category/${slug}/feed.xml`, 'application/atom+xml': `/category/${slug}/atom.xml` },
    },
  });
}

export default async function CategoryPage({ params }: Props) {
  const { slug, n } = await params;
  const category = await getCategoryBySlug(slug);
  if (!category) notFound();
  return (
    <Listing
      filter={{ categoryId: category.id }}
      base={`/category/${slug}`}
      rawPage={n}
      heading={category.name}
      intro={
        <p className="mt-2 max-w-2xl text-stone-700">
          {category.description}{' '}
          <a className="text-sm underline" href={`/category/${slug}/feed.xml`}>
            RSS
          </a>
        </p>
      }
    />
  );
}
