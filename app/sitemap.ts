import type { MetadataRoute } from 'next';
import { connection } from 'next/server';
import { listSitemapEntries } from '@/lib/dal/articles';
import { siteOrigin } from '@/lib/env';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const site = siteOrigin();
  const { articles, categories, tags, authors } = await listSitemapEntries();
  return [
    { url: `${site}/`, changeFrequency: 'hourly', priority: 1 },
    { url: `${site}/support`, changeFrequency: 'daily', priority: 0.5 },
    ...categories.map((c) => ({ url: `${site}/category/${c.slug}`, changeFrequency: 'hourly' as const, priority: 0.7 })),
    ...articles.map((a) => ({ url: `${site}/article/${a.slug}`, lastModified: a.updatedAt, priority: 0.8 })),
    ...tags.map((t) => ({ url: `${site}/tag/${t.slug}`, priority: 0.3 })),
    ...authors.map((a) => ({ url: `${site}/author/${a.handle}`, priority: 0.4 })),
  ];
}
