import type { MetadataRoute } from 'next';
import { connection } from 'next/server';
import { siteOrigin } from '@/lib/env';

/** Rendered per request so that the sitemap address follows SITE_URL at run time. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  await connection();
  const site = siteOrigin();
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/account', '/api/', '/search'] }],
    sitemap: `${site}/sitemap.xml`,
  };
}
