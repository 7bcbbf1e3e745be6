/**
 * The PGlite data directory streamed to and from a backup (the default database of a newsroom): a persistent
 * directory is archived from disk while writes keep arriving, restores into an empty directory with every
 * acknowledged row, and a hostile dump cannot write outside the target.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-pglite-dir-'));
const { openDatabase } = await import('@/db/client');
const { articles, comments } = await import('@/db/schema');
const { backupToFile } = await import('./backup');
const { restoreBackup, verifyBackup } = await import('./restore');
const { loadPgliteDir } = await import('./pglite-dir');
const { count, eq } = await import('drizzle-orm');

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a persistent PGlite directory in a backup', { timeout: 180_000 }, () => {
  it('is streamed from disk while writes continue, and restores with every write acknowledged before it', async () => {
    const source = await openDatabase({ pgliteDir: path.join(tmp, 'site', 'pglite') });
    expect(source.pgliteDir).toBe(path.join(tmp, 'site', 'pglite'));
    const [a] = await source.db
      .insert(articles)
      .values({ slug: 'streamed', title: 'Streamed from disk', body: '<p>x</p>', status: 'published', publishedAt: new Date() })
      .returning();
    const comment = (i: number) => ({ articleId: a.id, body: `Comment ${i}`, bodyHtml: `<p>Comment ${i}</p>`, contentHash: `h${i}` });
    await source.db.insert(comments).values(Array.from({ length: 500 }, (_, i) => comment(i)));

    // Writes keep arriving while the backup runs; those acknowledged before it started must all be in it.
    let writing = true;
    let written = 500;
    const writer = (async () => {
      while (writing) {
        await source.db.insert(comments).values(comment(written++));
        // As requests do: one write per turn of the event loop (PGlite answers on the microtask queue).
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const archive = path.join(tmp, 'site.tar');
    const result = await backupToFile(archive, { database: source, tmpDir: tmp });
    writing = false;
    await writer;
    expect(result.manifest.database.tool).toMatch(/streamed/);
    expect(result.manifest.counts.comments).toBeGreaterThanOrEqual(500);
    await source.close();
    // The temporary dump is gone once it is in the archive.
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('broadsheet-pglite-'))).toEqual([]);

    await verifyBackup(archive);
    const dir = path.join(tmp, 'restored', 'pglite');
    const before = process.env.DATA_DIR;
    process.env.DATA_DIR = path.join(tmp, 'restored');
    try {
      const restored = await restoreBackup(archive, { target: { kind: 'pglite', dir } });
      expect(restored.counts.comments).toBe(result.manifest.counts.comments);
    } finally {
      process.env.DATA_DIR = before;
    }
    const back = await openDatabase({ pgliteDir: dir });
    const [{ n }] = await back.db.select({ n: count() }).from(comments).where(eq(comments.articleId, a.id));
    expect(n).toBe(result.manifest.counts.comments);
    const [row] = await back.db.select().from(comments).where(eq(comments.contentHash, 'h499'));
    expect(row.body).toBe('Comment 499');
    await back.close();
  });

  it('refuses a dump whose names leave the target directory, or that holds a link', async () => {
    for (const [label, header] of [
      ['traversal', { name: '/../escaped', size: 4 }],
      ['link', { name: '/base/link', type: 'symlink', linkname: '/etc/passwd' }],
    ] as const) {
      const pack = tar.pack();
      pack.entry({ name: '/PG_VERSION', size: 3 }, Buffer.from('17\n'));
      if ('size' in header) pack.entry(header, Buffer.from('evil'));
      else pack.entry(header as Partial<tar.Header> & { name: string });
      pack.finalize();
      const target = path.join(tmp, `hostile-${label}`, 'pglite');
      await expect(loadPgliteDir(Readable.from(pack.pipe(createGzip())), target), label).rejects.toThrow(/Refusing/);
      expect(fs.existsSync(path.join(tmp, `hostile-${label}`, 'escaped'))).toBe(false);
    }
  });
});
