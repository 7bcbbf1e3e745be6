/** How this instance's cache is shared with the others, for /api/health (lib/cache-handlers/tag-state.mjs). */
import { existingTagState } from '@/lib/cache-handlers/tag-state.mjs';

export type CacheSharing = 'local' | 'shared' | 'shared (not used yet)' | 'local (Redis unreachable)';

export function cacheSharing(): CacheSharing {
  if (!process.env.REDIS_URL) return 'local';
  const sync = existingTagState()?.sync;
  if (!sync) return 'shared (not used yet)';
  return sync.connected ? 'shared' : 'local (Redis unreachable)';
}
