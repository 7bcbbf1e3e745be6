import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
const nextConfig = {
  cacheComponents: true,
  // Next's own page cache and 'use cache' handler, which also share tag invalidations between instances
  // through Redis when REDIS_URL is set at run time (lib/cache-handlers/tag-sync.mjs); exactly Next's
  // defaults without it, so one build serves both.
  cacheHandler: fileURLToPath(new URL('./lib/cache-handlers/page-cache.mjs', import.meta.url)),
  cacheHandlers: { default: fileURLToPath(new URL('./lib/cache-handlers/use-cache.mjs', import.meta.url)) },
  // Without partial prefetching an unknown slug renders before the response starts, so a missing
  // article answers a real 404 status instead of a streamed not-found page with status 200.
  partialPrefetching: false,
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'sharp', 'rate-limiter-flexible'],
  poweredByHeader: false,
  // proxy.ts strips trailing slashes itself, after looking the address up among an imported site's old
  // WordPress links (/2026/11/some-slug/ answers a 301 to its article, not a 308 to a 404).
  skipTrailingSlashRedirect: true,
  // No ETag on pages: Next computes it by hashing the whole HTML in JavaScript on every response, a fifth of
  // the CPU of serving a cached article (measured with `npm run bench -- --profile`). Shared caches in front
  // revalidate through s-maxage/stale-while-revalidate and the tag purges instead (README, "Caching and a CDN
  // in front"); static files under /_next/static are immutable and keep their own caching.
  generateEtags: false,
  experimental: {
    // Pages rendered at request time are cached in memory only (tag-invalidated), never written under
    // .next/: a build directory shared by runs on different databases must not serve another run's pages.
    isrFlushToDisk: false,
    // The most any server action takes: the article editor's allowance (lib/request-limits.ts
    // ARTICLE_BODY_MAX_BYTES). proxy.ts refuses smaller limits per address from the Content-Length first;
    // this is the backstop for a body sent without one. Uploads go to route handlers with their own limits.
    serverActions: { bodySizeLimit: '1mb' },
  },
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // npm test runs tsc over the whole project first; the build itself does not type-check again.
  typescript: { ignoreBuildErrors: true },
  outputFileTracingExcludes: { '/**': ['./.data*/**/*'] },
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  async rewrites() {
    // Pages whose content comes from the database render at request time behind a dynamic segment
    // (then cached by tag), never from the empty database that `next build` sees.
    return [
      { source: '/', destination: '/edition/today' },
      { source: '/archive', destination: '/archive/page/1' },
    ];
  },
  // Content-Security-Policy and HSTS depend on run-time settings (SITE_URL, OAuth providers): proxy.ts sets
  // them (lib/security-headers.ts). These are the same for every deployment.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};
export default nextConfig;
