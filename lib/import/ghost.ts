/**
 * Ghost's export (Settings → Advanced → Import/Export → Export content, a JSON file): posts (not pages) with
 * their HTML, status and dates, tags, staff users as authors (author accounts without password), and Ghost's
 * native comments with their members, threads and status. Old Ghost addresses (`/slug/`) answer a 301.
 *
 * Ghost's JSON holds no images or media (they stay addresses of the old site until re-uploaded), so it is
 * read whole (bounded by the file, refused above 200 MB); every item is written in its own transaction and
 * recorded in import_map, so a re-run creates nothing twice and updates what changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { tags, users } from '@/db/schema';
import { sanitizeArticleHtml, slugify } from '@/lib/dal/admin/text';
import { uniqueHandle } from '@/lib/dal/users';
import { legacyRedirectTo, upsertArticle } from './articles';
import { checksum, commentMarkdown, guestUserId, mappedId, parentsFirst, recountComments, rememberId, upsertComment } from './comments';
import { ImportReport } from './report';
import { Rollback, rolledBack } from './dry-run';

export type GhostOptions = { dryRun?: boolean; onProgress?: (done: number) => void | Promise<void> };

const SOURCE = 'ghost';
const MAX_BYTES = 200 * 1024 * 1024;

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const date = (v: unknown) => {
  const d = v ? new Date(str(v)) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

/** Ghost's cards into the article format: bookmarks and embeds become link cards. */
export function ghostToArticleHtml(html: string): string {
  const card = (url: string) =>
    `<aside class="link-card"><a href="${url.replace(/"/g, '&quot;')}">${(() => {
      try {
        return new URL(url).host;
      } catch {
        return url;
      }
    })()}</a></aside>`;
  const out = html
    .replace(
      /<figure[^>]*kg-bookmark-card[^>]*>[\s\S]*?<a[^>]*class="kg-bookmark-container"[^>]*href="([^"]+)"[\s\S]*?<\/figure>/g,
      (_m, url: string) => card(url),
    )
    .replace(/<figure[^>]*kg-embed-card[^>]*>[\s\S]*?<iframe[^>]*src="([^"]+)"[\s\S]*?<\/figure>/g, (_m, url: string) =>
      card(url.startsWith('//') ? `https:${url}` : url),
    )
    .replace(/<blockquote class="kg-blockquote-alt">([\s\S]*?)<\/blockquote>/g, '<aside class="pull-quote">$1</aside>')
    .replace(/<!--kg-card-(?:begin|end):[^>]*-->/g, '');
  return sanitizeArticleHtml(out)
    .replace(/<p>(?:\s|<br \/>)*<\/p>\n?/g, '')
    .trim();
}

function readExport(file: string): Record<string, Row[]> {
  if (fs.statSync(file).size > MAX_BYTES) throw new Error(`${path.basename(file)} is larger than 200 MB.`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${path.basename(file)} is not a Ghost export: ${(err as Error).message}`);
  }
  const data = (json as { db?: { data?: Record<string, Row[]> }[] }).db?.[0]?.data;
  if (!data || !Array.isArray(data.posts)) throw new Error(`${path.basename(file)} is not a Ghost export: it has no db[0].data.posts.`);
  return data;
}

export async function importGhost(file: string, opts: GhostOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(!!opts.dryRun);
  const data = readExport(file);
  const list = (k: string) => (Array.isArray(data[k]) ? data[k] : []);
  const db = await getDb();

  // Everything in one transaction per step; a dry run rolls each step back but keeps what later steps need
  // by running the whole import in one transaction (Ghost exports are small: no media in them).
  const run = async (outer: DbOrTx | null) => {
    const step = <T>(fn: (tx: DbOrTx) => Promise<T>) => (outer ? outer.transaction(fn) : db.transaction(fn));
    const userIds = new Map<string, string>();
    for (const u of list('users')) {
      const id = str(u.id);
      const label = { id, label: str(u.name) || str(u.email) };
      try {
        await step(async (tx) => {
          const known = await mappedId(tx, SOURCE, 'author', id);
          if (known) {
            userIds.set(id, known.localId);
            return report.add('author', 'unchanged');
          }
          const email = (str(u.email) || `${slugify(str(u.slug)) || 'author'}@imported.invalid`).toLowerCase();
          const [existing] = await tx
            .select({ id: users.id })
            .from(users)
            .where(sql`lower(${users.email}) = ${email}`)
            .limit(1);
          const localId =
            existing?.id ??
            (
              await tx
                .insert(users)
                .values({
                  email,
                  name: str(u.name) || str(u.slug),
                  handle: await uniqueHandle(str(u.slug) || str(u.name), tx),
                  role: 'author',
                  passwordHash: null,
                  bio: str(u.bio) || null,
                })
                .returning({ id: users.id })
            )[0].id;
          await rememberId(tx, SOURCE, 'author', id, localId, checksum(u));
          if (str(u.slug))
            await legacyRedirectTo(
              tx,
              SOURCE,
              `/author/${str(u.slug)}`,
              `/author/${(await tx.select({ h: users.handle }).from(users).where(eq(users.id, localId)))[0].h}`,
            );
          userIds.set(id, localId);
          report.add('author', existing ? 'updated' : 'created');
        });
      } catch (err) {
        if (err instanceof Rollback) throw err;
        report.add('author', 'failed', label, (err as Error).message);
      }
    }
    const tagIds = new Map<string, string>();
    for (const t of list('tags')) {
      const id = str(t.id);
      const slug = slugify(str(t.slug)) || slugify(str(t.name));
      // Ghost's internal tags (#hash) are for themes, not readers.
      if (!slug || str(t.name).startsWith('#')) {
        report.add('tag', 'skipped', { id, label: str(t.name) }, str(t.name).startsWith('#') ? 'an internal tag' : 'no name or slug');
        continue;
      }
      await step(async (tx) => {
        const known = await mappedId(tx, SOURCE, 'tag', id);
        if (known) {
          tagIds.set(id, known.localId);
          return report.add('tag', 'unchanged');
        }
        const [existing] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).limit(1);
        const localId =
          existing?.id ??
          (
            await tx
              .insert(tags)
              .values({ slug, name: str(t.name) })
              .returning({ id: tags.id })
          )[0].id;
        await rememberId(tx, SOURCE, 'tag', id, localId, checksum(t));
        tagIds.set(id, localId);
        report.add('tag', existing ? 'updated' : 'created');
      });
    }
    const postTags = new Map<string, string[]>();
    for (const r of [...list('posts_tags')].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
      const local = tagIds.get(str(r.tag_id));
      if (local) postTags.set(str(r.post_id), [...(postTags.get(str(r.post_id)) ?? []), local]);
    }
    const postAuthors = new Map<string, string[]>();
    for (const r of [...list('posts_authors')].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
      const local = userIds.get(str(r.author_id));
      if (local) postAuthors.set(str(r.post_id), [...(postAuthors.get(str(r.post_id)) ?? []), local]);
    }
    const articleIds = new Map<string, string>();
    let done = 0;
    for (const p of list('posts')) {
      const id = str(p.id);
      const label = { id, label: str(p.title) || '(no title)' };
      const type = str(p.type) || 'post';
      const STATUSES: Record<string, 'published' | 'scheduled' | 'draft'> = {
        published: 'published',
        scheduled: 'scheduled',
        draft: 'draft',
      };
      const status = STATUSES[str(p.status)];
      if (type !== 'post') report.add('post', 'skipped', label, `a ${type}, not a post (Broadsheet has articles only)`);
      else if (!status) report.add('post', 'skipped', label, `status "${str(p.status)}"`);
      else if (!str(p.title).trim()) report.add('post', 'skipped', label, 'no title');
      else if (status !== 'draft' && !date(p.published_at)) report.add('post', 'skipped', label, 'no publication date');
      else {
        try {
          const r = await step((tx) =>
            upsertArticle(tx, {
              source: SOURCE,
              externalId: id,
              slug: str(p.slug),
              title: str(p.title),
              dek: str(p.custom_excerpt),
              html: ghostToArticleHtml(str(p.html)),
              coverImage: null,
              coverAlt: '',
              status,
              publishedAt: date(p.published_at),
              categoryId: null,
              authorIds: postAuthors.get(id) ?? (userIds.get(str(p.author_id)) ? [userIds.get(str(p.author_id))!] : []),
              tagIds: postTags.get(id) ?? [],
              oldPaths: str(p.slug) ? [`/${str(p.slug)}`] : [],
            }),
          );
          articleIds.set(id, r.id);
          report.add('post', r.outcome);
          if (r.outcome !== 'unchanged') report.touchedArticles.add(r.id);
        } catch (err) {
          if (err instanceof Rollback) throw err;
          report.add('post', 'failed', label, (err as Error).message);
        }
      }
      await opts.onProgress?.(++done);
    }
    // Native comments (Ghost 5+): members as guest accounts, threads by parent_id, hidden ones held.
    const members = new Map(list('members').map((m) => [str(m.id), m]));
    const touched = new Set<string>();
    const comments = parentsFirst(
      list('comments').map((c) => ({ row: c, id: str(c.id), parentId: str(c.parent_id) || null, date: date(c.created_at) })),
    );
    for (const c of comments) {
      const member = members.get(str(c.row.member_id));
      const label = { id: c.id, label: str(member?.name) || 'member' };
      const articleId = articleIds.get(str(c.row.post_id));
      if (!articleId) {
        report.add('comment', 'skipped', label, 'its post was not imported');
        continue;
      }
      const st = str(c.row.status);
      try {
        const outcome = await step(async (tx) =>
          upsertComment(tx, {
            source: SOURCE,
            externalId: c.id,
            parentExternalId: c.parentId,
            articleId,
            authorId: await guestUserId(tx, str(member?.name), str(member?.email)),
            body: commentMarkdown(str(c.row.html)),
            status: st === 'hidden' ? 'pending' : 'approved',
            createdAt: c.date ?? new Date(),
            deleted: st === 'deleted',
          }),
        );
        report.add('comment', outcome);
        if (outcome !== 'unchanged') touched.add(articleId);
      } catch (err) {
        if (err instanceof Rollback) throw err;
        report.add('comment', 'failed', label, (err as Error).message);
      }
    }
    for (const articleId of touched) {
      await step((tx) => recountComments(tx, articleId));
      report.touchedArticles.add(articleId);
    }
  };

  if (opts.dryRun) {
    await rolledBack(db, run);
    return report;
  }
  await run(null);
  return report;
}
