import type { CacheEntry, CacheHandler } from 'next/cache';
import type { TagState } from './tag-state.mjs';

type Stored = { meta: Omit<CacheEntry, 'value'>; value: Uint8Array };
export function createDataCache(opts: {
  maxBytes: number;
  tags: TagState;
  now?: () => number;
}): CacheHandler & { entries: { get(key: string): Stored | undefined; readonly calculatedSize: number; readonly size: number } };
declare const handler: CacheHandler;
export default handler;
