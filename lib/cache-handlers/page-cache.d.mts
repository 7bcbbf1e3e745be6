import type { TagState } from './tag-state.mjs';

/** What Next hands the page cache (a subset: the fields this handler reads). */
export type PageValue = {
  kind: string;
  html?: string;
  rscData?: Uint8Array;
  body?: Uint8Array;
  postponed?: string;
  headers?: Record<string, string | string[] | undefined>;
  segmentData?: Map<string, Uint8Array>;
  status?: number;
  [k: string]: unknown;
} | null;
export type PageEntry = { value: PageValue; lastModified: number; cacheControl?: unknown };
export type PageCacheContext = { kind?: string; tags?: string[]; softTags?: string[]; fetchCache?: boolean; cacheControl?: unknown };

export interface PageCache {
  get(key: string, ctx: PageCacheContext): Promise<PageEntry | null>;
  set(key: string, data: PageValue, ctx: PageCacheContext): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  resetRequestCache(): void;
}
export type PageCacheClass = {
  new (ctx?: unknown): PageCache;
  readonly entries: { readonly calculatedSize: number; readonly size: number };
};
export const SURROGATE_KEY_HEADER: 'surrogate-key';
export function createPageCache(opts: { maxBytes: number; tags: TagState; now?: () => number }): PageCacheClass;
declare const PageCacheDefault: PageCacheClass;
export default PageCacheDefault;
