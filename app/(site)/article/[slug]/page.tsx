import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound, permanentRedirect } from 'next/navigation';
import { ArticleBody } from '@/components/article/article-body';
import { ArticleCard } from '@/components/article/article-card';
import { CommentsSection } from '@/components/comments/comments-section';
import { SupportSlot } from '@/components/pledges/support-slot';
import { getArticleBySlug, getRelatedArticles } from '@/lib/dal/articles';
import { env, siteOrigin } from '@/lib/env';
import { formatCount, formatDate } from '@/lib/format';
import { firstParagraph, pageMetadata, SITE_FEEDS } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string }> };

export async function generateStaticParams() {
  return [{ slug: '__none__' }];
}

async function load(slug: string) {
  const found = await getArticleBySlug(slug);
  if (!found) notFound();
  if (found.kind === 'redirect') permanentRedirect(`/article/${found.slug}`);
  return found.article;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const found = await getArticleBySlug(slug);
  if (!found || found.kind !== 'article') return {};
  const a = found.article;
  const title = a.seoTitle || a.title;
  const description = a.seoDescription || a.dek || firstParagraph(a.body);
  return pageMetadata({
    title,
    description,
    authors: a.authors.map((x) => ({ name: x.name, url: `/author/${x.handle}` })),
    alternates: { canonical: `/article/${a.slug}`, types: SITE_FEEDS },
    openGraph: {
      type: 'article',
      title,
      description,
      url: `/article/${a.slug}`,
      publishedTime: a.publishedAt.toISOString(),
      modifiedTime: a.updatedAt.toISOString(),
      section: a.category?.name,
      tags: a.tags.map((t) => t.name),
    },
    twitter: { card: 'summary_large_image', title, description },
  });
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await load(slug);
  const related = await getRelatedArticles(article.id);
  const siteUrl = siteOrigin();
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.dek,
    image: article.coverImage ? [new URL(article.coverImage, siteUrl).toString()] : undefined,
    datePublished: article.publishedAt.toISOString(),
    dateModified: article.updatedAt.toISOString(),
    articleSection: article.category?.name,
    keywords: article.tags.map((t) => t.name).join(', '),
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: new URL(`/author/${a.handle}`, siteUrl).toString() })),
    publisher: {
      '@type': 'Organization',
      name: env().SITE_NAME,
      url: siteUrl,
      logo: { '@type': 'ImageObject', url: new URL('/publisher-logo.png', siteUrl).toString(), width: 600, height: 60 },
    },
    mainEntityOfPage: new URL(`/article/${article.slug}`, siteUrl).toString(),
  };
  const updated = article.updatedAt.getTime() - article.publishedAt.getTime() > 60 * 60 * 1000;

  return (
    <article className="mx-auto max-w-3xl">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }} />
      <header className="mb-6">
        {article.category && (
          <Link href={`/category/${article.category.slug}`} className="text-sm font-bold tracking-wide text-brand uppercase">
            {article.category.name}
          </Link>
        )}
        <h1 className="mt-2 font-serif text-3xl leading-tight font-black sm:text-5xl">{article.title}</h1>
        {article.dek && <p className="mt-3 font-serif text-xl text-stone-700">{article.dek}</p>}
        <div className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-stone-600">
          <span>
            By{' '}
            {article.authors.map((a, i) => (
              <span key={a.id}>
                {i > 0 && (i === article.authors.length - 1 ? ' and ' : ', ')}
                <Link href={`/author/${a.handle}`} rel="author" className="font-semibold text-stone-900 underline">
                  {a.name}
                </Link>
              </span>
            ))}
          </span>
          <span aria-hidden="true">·</span>
          <span>
            Published <time dateTime={article.publishedAt.toISOString()}>{formatDate(article.publishedAt)}</time>
          </span>
          {updated && (
            <>
              <span aria-hidden="true">·</span>
              <span>
                Updated <time dateTime={article.updatedAt.toISOString()}>{formatDate(article.updatedAt)}</time>
              </span>
            </>
          )}
          <span aria-hidden="true">·</span>
          <span>{article.readingMinutes} min read</span>
          <span aria-hidden="true">·</span>
          <a href="#comments" className="underline">
            {formatCount(article.commentCount, 'comment')}
          </a>
        </div>
      </header>

      {article.coverImage && (
        <figure className="mb-6">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={article.coverImage} alt={article.coverAlt} width={1200} height={675} className="w-full rounded" />
        </figure>
      )}

      <SupportSlot position="above" />
      <ArticleBody html={article.body} articleId={article.id} slug={article.slug} commentsOpen={article.commentsOpen} />
      <SupportSlot position="below" />

      {article.tags.length > 0 && (
        <ul aria-label="Tags" className="mt-8 flex flex-wrap gap-2">
          {article.tags.map((t) => (
            <li key={t.slug}>
              <Link href={`/tag/${t.slug}`} className="rounded-full border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100">
                #{t.name}
              </Link>
            </li>
          ))}
        </ul>
      )}

      {related.length > 0 && (
        <section aria-labelledby="related-heading" className="mt-12 border-t border-stone-300 pt-6">
          <h2 id="related-heading" className="mb-4 font-serif text-2xl font-bold">
            Related
          </h2>
          <div className="grid gap-6 sm:grid-cols-2">
            {related.map((a) => (
              <ArticleCard key={a.id} article={a} size="sm" />
            ))}
          </div>
        </section>
      )}

      <section id="comments" aria-labelledby="comments-heading" className="mt-12 border-t-4 border-double border-stone-800 pt-6">
        <h2 id="comments-heading" className="font-serif text-2xl font-bold">
          Comments
        </h2>
        <CommentsSection
          articleId={article.id}
          slug={article.slug}
          commentsOpen={article.commentsOpen}
          commentCount={article.commentCount}
          articleBody={article.body}
        />
      </section>
    </article>
  );
}
