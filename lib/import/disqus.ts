/**
 * Disqus's export (Admin → Moderate → Export, an XML file): threads matched to imported or existing articles
 * by their URL, then every comment ("post") with its parent, author, date, and deleted/spam flags. Run it
 * after the site's own import, so the old URLs are known (legacy_redirects) or match /article/<slug>.
 *
 * One streaming pass: Disqus writes every <thread> before the first <post>. Each comment is written in its
 * own transaction and recorded in import_map, so a re-run adds nothing twice.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { articles, legacyRedirects } from '@/db/schema';
import { commentMarkdown, guestUserId, parentsFirst, recountComments, upsertComment } from './comments';
import { ImportReport } from './report';
import { legacyPath } from './wordpress-import';
import { child, text, XmlError, xmlRecords, type XmlNode } from './xml-stream';
import { rolledBack } from './dry-run';

export type DisqusOptions = { dryRun?: boolean; onProgress?: (done: number) => void | Promise<void> };

const SOURCE = 'disqus';

type Post = {
  id: string;
  threadId: string;
  parentId: string | null;
  date: Date | null;
  message: string;
  deleted: boolean;
  spam: boolean;
  name: string;
  email: string;
};

const dsqId = (n: XmlNode | undefined) => n?.attrs['dsq:id'] ?? '';

/** Which article an old page address is: through an import's redirects, or /article/<slug> itself. */
async function articleForUrl(tx: DbOrTx, url: string): Promise<string | null> {
  const key = legacyPath(url);
  if (!key) return null;
  const [moved] = await tx.select({ target: legacyRedirects.target }).from(legacyRedirects).where(eq(legacyRedirects.path, key)).limit(1);
  const slug = /^\/article\/([^/]+)$/.exec(moved?.target ?? key)?.[1];
  if (!slug) return null;
  const [a] = await tx
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.slug, decodeURIComponent(slug)))
    .limit(1);
  return a?.id ?? null;
}

export async function importDisqus(file: string, opts: DisqusOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(!!opts.dryRun);
  const threads = new Map<string, { url: string; title: string }>();
  const byThread = new Map<string, Post[]>();
  let posts = 0;
  try {
    for await (const node of xmlRecords(file, new Set(['thread', 'post']))) {
      if (node.name === 'thread') {
        threads.set(dsqId(node), { url: text(node, 'link'), title: text(node, 'title') });
        continue;
      }
      const author = child(node, 'author');
      const p: Post = {
        id: dsqId(node),
        threadId: dsqId(child(node, 'thread')),
        parentId: dsqId(child(node, 'parent')) || null,
        date: text(node, 'createdAt') ? new Date(text(node, 'createdAt')) : null,
        message: child(node, 'message')?.text ?? '',
        deleted: text(node, 'isDeleted') === 'true',
        spam: text(node, 'isSpam') === 'true',
        name: author ? text(author, 'name') : '',
        email: author ? text(author, 'email') : '',
      };
      const list = byThread.get(p.threadId) ?? [];
      list.push(p);
      byThread.set(p.threadId, list);
      posts++;
    }
  } catch (err) {
    if (err instanceof XmlError) throw new Error(`${path.basename(file)} is not a Disqus export: ${err.message}`);
    throw err;
  }
  if (!threads.size && !posts) throw new Error(`${path.basename(file)} is not a Disqus export: it has no <thread> or <post>.`);

  const db = await getDb();
  let done = 0;
  for (const [threadId, list] of byThread) {
    const thread = threads.get(threadId);
    const articleId = thread ? await articleForUrl(db, thread.url) : null;
    if (!articleId) {
      for (const p of list)
        report.add(
          'comment',
          'skipped',
          { id: p.id, label: p.name || 'Anonymous' },
          thread ? `no article here for ${thread.url}` : `thread ${threadId} is not in the export`,
        );
      done += list.length;
      await opts.onProgress?.(done);
      continue;
    }
    let touched = false;
    // A dry run writes each thread in one transaction (so replies find their parents) and rolls it back.
    const thread1 = async (outer: DbOrTx | null) => {
      for (const p of parentsFirst(list)) {
        const label = { id: p.id, label: `${p.name || 'Anonymous'} on "${thread!.title}"` };
        const body = commentMarkdown(p.message);
        if (!body && !p.deleted) {
          report.add('comment', 'skipped', label, 'empty');
          continue;
        }
        try {
          const write = async (tx: DbOrTx) =>
            upsertComment(tx, {
              source: SOURCE,
              externalId: p.id,
              parentExternalId: p.parentId,
              articleId,
              authorId: await guestUserId(tx, p.name, p.email),
              body,
              status: p.spam ? 'spam' : 'approved',
              createdAt: p.date && !Number.isNaN(p.date.getTime()) ? p.date : new Date(),
              deleted: p.deleted,
            });
          const outcome = outer ? await outer.transaction(write) : await db.transaction(write);
          report.add('comment', outcome);
          if (outcome !== 'unchanged') touched = true;
        } catch (err) {
          report.add('comment', 'failed', label, (err as Error).message);
        }
        await opts.onProgress?.(++done);
      }
    };
    if (opts.dryRun) {
      await rolledBack(db, thread1);
      continue;
    }
    await thread1(null);
    if (touched) {
      await db.transaction((tx) => recountComments(tx, articleId));
      report.touchedArticles.add(articleId);
    }
  }
  return report;
}
