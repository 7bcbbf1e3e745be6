import Link from '@/components/ui/link';
import type { ArticleCard as Card } from '@/lib/dal/articles';
import { formatCount, formatDate } from '@/lib/format';

/** `level`: the heading level of the title, one below the heading the card sits under (2 under a page's h1). */
export function ArticleCard({
  article,
  size = 'md',
  snippet,
  level = 3,
}: {
  article: Card;
  size?: 'lg' | 'md' | 'sm';
  snippet?: string;
  level?: 2 | 3;
}) {
  const Title = level === 2 ? 'h2' : 'h3';
  const href = `/article/${article.slug}`;
  return (
    <article className="group flex flex-col gap-2">
      {article.coverImage && size !== 'sm' && (
        <Link href={href} tabIndex={-1} aria-hidden="true">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={article.coverImage}
            alt=""
            width={1200}
            height={675}
            loading={size === 'lg' ? 'eager' : 'lazy'}
            className="aspect-video w-full rounded object-cover"
          />
        </Link>
      )}
      {article.category && (
        <Link href={`/category/${article.category.slug}`} className="text-xs font-bold tracking-wide text-brand uppercase">
          {article.category.name}
        </Link>
      )}
      <Title
        className={`font-serif leading-tight font-bold ${size === 'lg' ? 'text-3xl sm:text-4xl' : size === 'md' ? 'text-xl' : 'text-base'}`}
      >
        <Link href={href} className="group-hover:underline">
          {article.title}
        </Link>
      </Title>
      {snippet ? (
        <p className="text-sm text-stone-700" dangerouslySetInnerHTML={{ __html: snippet }} />
      ) : (
        size !== 'sm' && article.dek && <p className="text-stone-700">{article.dek}</p>
      )}
      <p className="text-xs text-stone-500">
        {article.authors.map((a) => a.name).join(' and ')}
        {article.authors.length > 0 && ' · '}
        <time dateTime={article.publishedAt.toISOString()}>{formatDate(article.publishedAt)}</time>
        {' · '}
        <Link href={`${href}#comments`} className="hover:underline">
          {formatCount(article.commentCount, 'comment')}
        </Link>
      </p>
    </article>
  );
}
