export const EDGE_KEYS_MAX_BYTES: number;
export const EDGE_MAX_AGE: number;
export const EDGE_STALE: number;
export function edgeKey(tag: string): string;
export function edgeKeys(tags: Iterable<string>): string[];
export function edgePurgeConfigured(env?: Record<string, string | undefined>): boolean;
export function edgeHeaders(
  tags: Iterable<string>,
  cacheControl?: { revalidate?: number | false } | undefined,
  env?: Record<string, string | undefined>,
): Record<string, string>;
