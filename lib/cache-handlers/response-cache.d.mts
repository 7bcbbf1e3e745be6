import type { IncomingMessage, ServerResponse } from 'node:http';

export function sharedLifetime(cacheControl: string | undefined): number;
export type ResponseCache = {
  readonly entries: { readonly calculatedSize: number; readonly size: number };
  keyOf(req: IncomingMessage): string | null;
  /** True when the answer was sent from the cache; otherwise Next's answer will be kept if it may be. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
};
export function createResponseCache(opts: {
  maxBytes: number;
  tags?: { refresh(): Promise<void>; generation(): number };
  now?: () => number;
  databaseAvailable?: () => Promise<boolean>;
}): ResponseCache;
