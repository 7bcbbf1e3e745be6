/**
 * The import half of `npm run bench` (issue #15): a generated WordPress export of BENCH_IMPORT_POSTS posts
 * (default 1,000) with BENCH_IMPORT_COMMENTS comments each (default 50: 50,000 in all, a third of them
 * replies, some five deep), imported by the same code as `npm run import` into a fresh PGlite directory (or
 * the server in BENCH_DATABASE_URL, reset first), timing the run and reading the process's peak memory.
 *
 * Run by scripts/bench.ts as `node --conditions=react-server --import tsx scripts/bench-import.ts <dir>`;
 * prints one JSON line prefixed with IMPORT_RESULT_PREFIX.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase } from '@/db/client';
import { importWordpress } from '@/lib/import/wordpress-import';
import { IMPORT_RESULT_PREFIX } from './bench-lib';

const posts = Number(process.env.BENCH_IMPORT_POSTS || 1000);
const perPost = Number(process.env.BENCH_IMPORT_COMMENTS || 50);

/** A deterministic export: the same file on every run. */
function writeExport(file: string) {
  const out = fs.createWriteStream(file);
  const w = (s: string) => out.write(s);
  w(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title><link>https://bench-import.example</link>\n',
  );
  w(
    '<wp:author><wp:author_id>1</wp:author_id><wp:author_login>desk</wp:author_login><wp:author_email>desk@bench-import.example</wp:author_email><wp:author_display_name>The Desk</wp:author_display_name></wp:author>\n',
  );
  w(
    '<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>archive</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Archive</wp:cat_name></wp:category>\n',
  );
  let id = 1;
  for (let p = 1; p <= posts; p++) {
    w(
      `<item><title>Archive story ${p}</title><link>https://bench-import.example/2024/0${1 + (p % 9)}/archive-story-${p}/</link><dc:creator>desk</dc:creator>`,
    );
    w(
      `<content:encoded><![CDATA[The first paragraph of archive story ${p}, about the valley.\n\nA second paragraph with <strong>emphasis</strong> and <a href="https://example.org/${p}">a link</a>.\n\n<h2>Background</h2>\n\nMore text follows here.]]></content:encoded>`,
    );
    w(
      `<wp:post_id>${p}</wp:post_id><wp:post_date_gmt>2024-0${1 + (p % 9)}-1${p % 10} 10:00:00</wp:post_date_gmt><wp:post_name>archive-story-${p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="archive">Archive</category>\n`,
    );
    const ids: number[] = [];
    for (let k = 0; k < perPost; k++) {
      // Every third comment replies to the one before it: chains up to five deep.
      const parent = k % 3 === 2 && ids.length ? ids[ids.length - 1] : 0;
      w(
        `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>Reader ${id % 997}</wp:comment_author><wp:comment_author_email>reader${id % 997}@bench-import.example</wp:comment_author_email><wp:comment_date_gmt>2024-10-1${k % 10} ${String(k % 24).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment ${id}: a reader's view on story ${p}.]]></wp:comment_content><wp:comment_approved>${k % 25 === 0 ? '0' : '1'}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`,
      );
      ids.push(id++);
    }
    w('</item>\n');
  }
  w('</channel></rss>\n');
  return new Promise<void>((resolve) => out.end(resolve));
}

async function main() {
  const dir = process.argv[2];
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench-export.xml');
  await writeExport(file);
  const started = performance.now();
  const report = await importWordpress(file, { invite: false, fetchImage: async () => null });
  const seconds = (performance.now() - started) / 1000;
  const c = report.counts;
  console.log(
    IMPORT_RESULT_PREFIX +
      JSON.stringify({
        posts: c.get('post')?.created ?? 0,
        comments: c.get('comment')?.created ?? 0,
        failed: report.failed,
        seconds,
        fileMB: fs.statSync(file).size / 1024 / 1024,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      }),
  );
  await closeDatabase();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
