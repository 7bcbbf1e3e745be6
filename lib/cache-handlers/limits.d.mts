export const DEFAULT_PAGES_MB: number;
export const DEFAULT_DATA_MB: number;
export const DEFAULT_RESPONSES_MB: number;
export function limits(env?: Record<string, string | undefined>): { pagesBytes: number; dataBytes: number; responsesBytes: number };
export function cacheSizes(): Record<string, { bytes: number; entries: number }>;
export function lruByBytes<V>(
  maxBytes: number,
  sizeOf: (value: V, key: string) => number,
  name?: string,
): {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  delete(key: string): boolean;
  readonly calculatedSize: number;
  readonly size: number;
};
