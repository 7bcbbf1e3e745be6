/** Frame of the comment pages under an article: all comments, a permalink, a thread continued. */
import Link from '@/components/ui/link';
import { notFound, permanentRedirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getArticleBySlug } from '@/lib/dal/articles';

export async function loadArticleForComments(slug: string, suffix: string) {
  const found = await getArticleBySlug(slug);
  if (!found) notFound();
  if (found.kind === 'redirect') permanentRedirect(`/article/${found.slug}${suffix}`);
  return found.article;
}

export function CommentsPageFrame({
  title,
  slug,
  heading,
  children,
}: {
  title: string;
  slug: string;
  heading: string;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link href={`/article/${slug}`} className="underline">
          ← {title}
        </Link>
      </p>
      <section id="comments" aria-labelledby="comments-heading" className="mt-4">
        <h1 id="comments-heading" className="font-serif text-2xl font-bold">
          {heading}
        </h1>
        {children}
      </section>
    </div>
  );
}
