/**
 * Imports a WordPress WXR export (with wpDiscuz votes): authors as staff accounts with the author role (no
 * password; invited by mail), categories with their hierarchy, tags, attachments used by posts (re-encoded
 * like any upload), posts (published, scheduled, drafts, with their dates) converted into the article format,
 * their comments with threading, guest or matched authors, dates, approval status and votes, and a 301 from
 * every old address (`/2026/11/slug/`, `/?p=123`) to the new one.
 *
 * Two streaming passes over the file (bounded memory): the first reads the site, authors, terms and
 * attachments; the second the posts, one at a time. Every item is written in its own transaction (a savepoint
 * in a dry run, where the whole import is one transaction that is rolled back at the end), and recorded in
 * import_map with a checksum of its source, so a re-run creates nothing twice and updates what changed.
 */
import path from 'node:path';
import { getDb } from '@/db/client';
import { issueToken } from '@/lib/auth/tokens';
import { sendMail } from '@/lib/mail';
import { importInviteMail } from '@/lib/mail/templates/auth';
import { ImportReport } from './report';
import { readWxr, type WpAuthor, type WpCategory, type WpTag } from './wordpress';
import { XmlError } from './xml-stream';
import { rolledBack } from './dry-run';
import type { Context, WordpressImportOptions } from './wordpress-context';
import { importPost } from './wordpress-posts';
import { importTerms } from './wordpress-terms';

export { legacyPath, type WordpressImportOptions } from './wordpress-context';

/** Reads the export twice (site and terms, then posts) and imports it; returns the report. */
export async function importWordpress(file: string, opts: WordpressImportOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(!!opts.dryRun);
  const c: Context = {
    site: '',
    report,
    opts,
    authors: new Map(),
    authorById: new Map(),
    attachments: new Map(),
    images: new Map(),
    invites: new Map(),
  };
  const cats: WpCategory[] = [];
  const tagList: WpTag[] = [];
  let posts = 0;
  try {
    for await (const r of readWxr(file)) {
      if (r.kind === 'site') c.site ||= r.url;
      else if (r.kind === 'author') {
        c.authors.set(r.login, r);
        if (r.id) c.authorById.set(r.id, r);
      } else if (r.kind === 'category') cats.push(r);
      else if (r.kind === 'tag') tagList.push(r);
      else if (r.kind === 'attachment') c.attachments.set(r.id, r);
      else if (r.kind === 'post') posts++;
    }
  } catch (err) {
    if (err instanceof XmlError) throw new Error(`${path.basename(file)} is not a WordPress export: ${err.message}`);
    throw err;
  }
  if (!c.site) throw new Error(`${path.basename(file)} is not a WordPress export: it names no site (<channel><link>).`);
  await opts.onTotal?.(posts);

  if (opts.dryRun) {
    // Nothing may stay written, and the site must keep answering while the dry run reads a large file: so no
    // single long transaction (PGlite has one connection) but one short transaction per step, each rolled
    // back. A post's step first re-creates, silently, the author and terms it needs.
    const db = await getDb();
    await rolledBack(db, (tx) => importTerms(tx, c, [...c.authors.values()], cats, tagList));
    const catBySlug = new Map(cats.map((x) => [x.slug, x]));
    let done = 0;
    for await (const r of readWxr(file)) {
      if (r.kind !== 'post') continue;
      await rolledBack(db, async (tx) => {
        const counted = c.report;
        c.report = new ImportReport(true);
        const chain: WpCategory[] = [];
        for (let slug of r.categories) {
          for (let hops = 0; slug && hops < 20; hops++) {
            const cat = catBySlug.get(slug);
            if (!cat || chain.includes(cat)) break;
            chain.unshift(cat);
            slug = cat.parent;
          }
        }
        const needed = [c.authors.get(r.creator), ...r.comments.map((cm) => c.authorById.get(cm.userId))].filter((a): a is WpAuthor => !!a);
        await importTerms(
          tx,
          c,
          [...new Set(needed)],
          chain,
          tagList.filter((t) => r.tags.includes(t.slug)),
        );
        c.report = counted;
        await importPost(tx, c, r);
      });
      await opts.onProgress?.(++done);
    }
    if (c.invites.size) report.notes.push(`${c.invites.size} new author account(s) would be mailed a link to choose a password.`);
    return report;
  }

  await importTerms(null, c, [...c.authors.values()], cats, tagList);
  let done = 0;
  for await (const r of readWxr(file)) {
    if (r.kind !== 'post') continue;
    await importPost(null, c, r);
    await opts.onProgress?.(++done);
  }
  if (opts.invite !== false) {
    for (const inv of c.invites.values()) {
      const token = await issueToken(inv.userId, 'reset_password');
      await sendMail(importInviteMail(inv.email, inv.name, token));
    }
    if (c.invites.size) report.notes.push(`Mailed ${c.invites.size} new author account(s) a link to choose a password.`);
  }
  return report;
}
