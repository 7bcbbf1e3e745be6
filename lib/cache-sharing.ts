/**
 * How this instance's cache is shared with the others, for /api/health. The tag sync
 * (lib/cache-handlers/tag-sync.mjs, loaded by Next outside the bundle) leaves itself on globalThis; a bundled
 * route must not import that module, it would get a second copy.
 */
export type CacheSharing = 'local' | 'shared' | 'shared (not used yet)' | 'local (Redis unreachable)';

export function cacheSharing(): CacheSharing {
  if (!process.env.REDIS_URL) return 'local';
  const sync = (globalThis as Record<symbol, { connected?: boolean } | undefined>)[Symbol.for('broadsheet.tag-sync.state')];
  if (!sync) return 'shared (not used yet)';
  return sync.connected ? 'shared' : 'local (Redis unreachable)';
}
