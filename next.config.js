import { fileURLToPath } from 'node:url';
import { STATIC_SECURITY_HEADERS } from './lib/static-headers.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  cacheComponents: true,
  // Our own page cache and 'use cache' handler (Next's documented interfaces): in memory, bounded by
  // CACHE_PAGES_MAX_MB / CACHE_DATA_MAX_MB, with tag invalidations shared between instances through Redis
  // when REDIS_URL is set at run time (lib/cache-handlers/tag-state.mjs); one build serves both. docs/caching.md
  cacheHandler: fileURLToPath(new URL('./lib/cache-handlers/page-cache.mjs', import.meta.url)),
  cacheHandlers: { default: fileURLToPath(new URL('./lib/cache-handlers/use-cache.mjs', import.meta.url)) },
  // Next keeps no in-memory cache of its own beside ours (its handler for 'use cache: remote', unused here).
  cacheMaxMemorySize: 0,
  // Without partial prefetching an unknown slug renders before the response starts, so a missing
  // article answers a real 404 status instead of a streamed not-found page with status 200.
  partialPrefetching: false,
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'sharp', 'rate-limiter-flexible', 'ioredis'],
  poweredByHeader: false,
  // proxy.ts strips trailing slashes itself, after looking the address up among an imported site's old
  // WordPress links (/2026/11/some-slug/ answers a 301 to its article, not a 308 to a 404).
  skipTrailingSlashRedirect: true,
  // No ETag on pages: Next computes it by hashing the whole HTML in JavaScript on every response, a fifth of
  // the CPU of serving a cached article (measured with `npm run bench -- --profile`). Shared caches in front
  // revalidate through s-maxage/stale-while-revalidate and the tag purges instead (docs/edge.md,
  // docs/deploying.md); static files under /_next/static are immutable and keep their own caching.
  generateEtags: false,
  experimental: {
    // Our page cache never writes under .next/ either (a build directory shared by runs on different
    // databases must not serve another run's pages); this keeps it so should Next's own handler come back.
    isrFlushToDisk: false,
    // The most any server action takes: the article editor's allowance (lib/request-limits.ts
    // ARTICLE_BODY_MAX_BYTES). proxy.ts refuses smaller limits per address from the Content-Length first;
    // this is the backstop for a body sent without one. Uploads go to route handlers with their own limits.
    serverActions: { bodySizeLimit: '1mb' },
  },
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The build type-checks, except under `npm test`, which runs tsc over the whole project (tests included,
  // which Next's own check leaves out) beside the build and says so with BUILD_TYPECHECKED_BY_TSC=1.
  typescript: { ignoreBuildErrors: process.env.BUILD_TYPECHECKED_BY_TSC === '1' },
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
        headers: STATIC_SECURITY_HEADERS,
      },
    ];
  },
};
export default nextConfig;
