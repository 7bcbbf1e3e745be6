/** What the WordPress import's steps share: its options, the run's context, the import map and redirects. */
import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { importMap } from '@/db/schema';
import { legacyRedirectTo } from './articles';
import { ImportReport } from './report';
import type { WpAttachment, WpAuthor } from './wordpress';

export type WordpressImportOptions = {
  dryRun?: boolean;
  /** A copy of the site's wp-content/uploads, where images are read from before trying their URL. */
  uploadsDir?: string;
  /** Mail new author accounts a link to choose a password (default true; never in a dry run). */
  invite?: boolean;
  /** Called once the file has been read through, with the number of posts to go. */
  onTotal?: (posts: number) => void | Promise<void>;
  /** Called after each post with the number of posts done. */
  onProgress?: (postsDone: number) => void | Promise<void>;
  /** Image bytes from an address (default: fetch with a 20 s limit); null when it cannot be had. */
  fetchImage?: (url: string) => Promise<Buffer | null>;
};

export const SOURCE = 'wordpress';

export async function mapped(tx: DbOrTx, site: string, kind: string, id: string) {
  const [row] = await tx
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, SOURCE), eq(importMap.kind, kind), eq(importMap.externalId, `${site}#${id}`)))
    .limit(1);
  return row ?? null;
}

export async function remember(tx: DbOrTx, site: string, kind: string, id: string, localId: string, sum: string) {
  await tx
    .insert(importMap)
    .values({ source: SOURCE, kind, externalId: `${site}#${id}`, localId, checksum: sum })
    .onConflictDoUpdate({
      target: [importMap.source, importMap.kind, importMap.externalId],
      set: { localId, checksum: sum, importedAt: new Date() },
    });
}

export const redirect = (tx: DbOrTx, from: string, target: string) => legacyRedirectTo(tx, SOURCE, from, target);

/** The path of an old address, without its trailing slash ("/2026/11/slug"), or "/?p=12". */
export function legacyPath(url: string): string | null {
  try {
    const u = new URL(url);
    const p = u.searchParams.get('p') ?? u.searchParams.get('page_id');
    if ((u.pathname === '/' || u.pathname === '') && p) return `/?p=${p}`;
    const trimmed = u.pathname.replace(/\/+$/, '');
    return trimmed || null;
  } catch {
    return null;
  }
}

export type Context = {
  site: string;
  /** Where outcomes are counted (a throwaway one while a dry run re-creates what a post depends on). */
  report: ImportReport;
  opts: WordpressImportOptions;
  authors: Map<string, WpAuthor>;
  authorById: Map<string, WpAuthor>;
  attachments: Map<string, WpAttachment>;
  /** Old image address -> our media URL, for images already re-encoded in this run. */
  images: Map<string, string | null>;
  /** New author accounts to invite, by address. */
  invites: Map<string, { email: string; name: string; userId: string }>;
};

/** Runs one item in its own transaction (a savepoint inside a dry run's transaction). */
export async function item<T>(outer: DbOrTx | null, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (outer) return outer.transaction(fn);
  return (await getDb()).transaction(fn);
}
