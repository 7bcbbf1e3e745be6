/**
 * Stand-ins for Next's request-bound helpers, for vitest files that call actions outside a request (the
 * authorization matrices): cache invalidation and cache directives do nothing, and headers() answers as a
 * same-origin browser request.
 *   vi.mock('next/cache', (importOriginal) => import('@/lib/testing/outside-request').then((m) => m.nextCache(importOriginal)));
 *   vi.mock('next/headers', () => import('@/lib/testing/outside-request').then((m) => m.nextHeaders));
 */
type NextCache = typeof import('next/cache');

export async function nextCache(importOriginal: <T>() => Promise<T>): Promise<NextCache> {
  return {
    ...(await importOriginal<NextCache>()),
    updateTag: () => {},
    revalidateTag: () => {},
    revalidatePath: () => {},
    refresh: () => {},
    cacheTag: () => {},
    cacheLife: () => {},
  };
}

export const nextHeaders = {
  headers: async () => new Headers({ 'user-agent': 'vitest', origin: 'http://localhost:3000', host: 'localhost:3000' }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
};
