/**
 * Owning the data (issue #27), end to end on real `next start` servers of this spec's own, on the suite's kind
 * of database (PGlite, or the Postgres server in DATABASE_URL):
 *  - the admin downloads the Broadsheet export and the WordPress WXR from /admin/export; the Broadsheet file
 *    imported into an empty instance renders the same public pages; the WXR imported by the WordPress importer
 *    renders the long thread's article and comments (order, nesting, authors, text, scores) the same;
 *  - restore after loss: comments and a pledge are written, a backup is taken while writes go on, the process is
 *    killed and its data deleted, the backup restored: every write acknowledged before the backup started is
 *    there, the front page, the long thread and the support page are the same bytes, and the app starts on it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { Browser, Page } from '@playwright/test';
import { HUNDRED_SLUG, LONG_THREAD_SLUG } from '../db/seed/fixtures';
import { DEMO } from './support/accounts';
import { expect, test } from './support/fixtures';
import { sparePort, startServer, type Server } from './support/next-server';
import { commentForm, submitComment } from './support/pages/comments';
import { signIn } from './support/pages/signin';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e';
const serverUrl = process.env.DATABASE_URL;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-e2e-backup-'));
const servers: Server[] = [];
const databases: string[] = [];

type Instance = { name: string; env: Record<string, string> };

function adminUrl(): string {
  const u = new URL(serverUrl!);
  u.pathname = '/postgres';
  return u.toString();
}

/** An empty instance: its own data directory, and on the server its own empty database. */
async function instance(name: string): Promise<Instance> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: '', AUTH_SECRET: SECRET, BROADSHEET_E2E: '1', SMTP_URL: '' };
  if (serverUrl) {
    const u = new URL(serverUrl);
    const db = `${decodeURIComponent(u.pathname.slice(1))}_e2e_bk_${name}`;
    await recreateDatabase(db);
    databases.push(db);
    u.pathname = `/${db}`;
    env.DATABASE_URL = u.toString();
  }
  return { name, env };
}

async function recreateDatabase(db: string) {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists "${db}" with (force)`);
  await sql.unsafe(`create database "${db}"`);
  await sql.end();
}

/** One of the project's commands, as npm runs it, in an instance's environment. */
function cli(inst: Instance, script: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...inst.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const out = `${r.stdout}${r.stderr}`;
  expect(r.status, `${script} ${args.join(' ')}:\n${out}`).toBe(0);
  return out;
}

async function start(inst: Instance, port: number): Promise<Server> {
  const s = await startServer(port, inst.env);
  servers.push(s);
  return s;
}

/** A page's HTML with the instance's own address taken out (each instance has its own SITE_URL). */
async function html(s: Server, p: string): Promise<string> {
  const res = await fetch(s.url + p);
  expect(res.status, `${s.url}${p}`).toBe(200);
  return (await res.text()).replaceAll(s.url, 'ORIGIN');
}

/** Points at the first difference of two pages, for a failure that says where. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n  before: …${a.slice(Math.max(0, i - 120), i + 120)}…\n  after:  …${b.slice(Math.max(0, i - 120), i + 120)}…`;
}

/** Each page of `paths` on `s` is the same bytes as in `before` (origins taken out). */
async function expectSamePages(before: Record<string, string>, s: Server, paths: string[]) {
  for (const p of paths) {
    const after = await html(s, p);
    expect(after === before[p], `${p} differs ${firstDifference(before[p], after)}`).toBe(true);
  }
}

async function capture(s: Server, paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of paths) out[p] = await html(s, p);
  return out;
}

/** A page of a browser context of its own on that server, signed in. */
async function signedIn(browser: Browser, s: Server, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: s.url, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** The comments of an article page as a reader sees them: nesting, author, text and score, in order. */
async function thread(page: Page, url: string) {
  await page.goto(url);
  return page.locator('li[data-comment-id]').evaluateAll((items) =>
    items.map((li) => {
      let depth = 0;
      for (let p = li.parentElement; p; p = p.parentElement) if (p.matches('li[data-comment-id]')) depth++;
      const article = li.querySelector(':scope > article');
      return {
        depth,
        author: article?.querySelector('header .font-semibold')?.textContent?.trim() ?? '',
        text: article?.querySelector('.prose-comment')?.textContent?.trim() ?? '',
        score: article?.querySelector('[data-testid="score"]')?.textContent?.trim() ?? '',
      };
    }),
  );
}

test.describe.configure({ mode: 'serial' });
test.describe(`owning the data (${serverUrl ? 'Postgres server' : 'PGlite'})`, () => {
  test.setTimeout(600_000);
  let a: Instance;
  let siteA: Server;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    a = await instance('a');
    cli(a, 'db/cli/seed.ts');
    siteA = await start(a, sparePort(20));
  });

  test.afterAll(async () => {
    for (const s of servers) s.kill();
    if (serverUrl) {
      const sql = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      for (const db of databases) await sql.unsafe(`drop database if exists "${db}" with (force)`);
      await sql.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const exportFile = path.join(tmp, 'site.tar.gz');
  const wxrFile = path.join(tmp, 'site.xml');

  test('the admin downloads the Broadsheet export and the WXR from /admin/export (audit-logged); an editor is refused', async ({
    browser,
  }) => {
    const admin = await signedIn(browser, siteA, DEMO.admin.email);
    await admin.goto('/admin/export');
    await expect(admin.getByText("Donors' and readers' email addresses are only in the full export")).toBeVisible();
    const download = async (format: string, file: string) => {
      await admin.getByRole('radio', { name: format }).check();
      const [d] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download the export' }).click()]);
      await d.saveAs(file);
    };
    await download('Broadsheet format (everything)', exportFile);
    await download('WordPress export (WXR)', wxrFile);
    expect(fs.readFileSync(wxrFile, 'utf8')).toContain('wpdiscuz_votes_seperate');
    // Every download is in the audit log.
    await admin.goto('/admin/audit?action=site.export');
    await expect(admin.locator('strong', { hasText: 'site.export' }).first()).toBeVisible();

    // An editor is refused the page and the download.
    const editor = await signedIn(browser, siteA, DEMO.editor.email);
    await editor.goto('/admin/export');
    await expect(editor.getByRole('button', { name: 'Download the export' })).toHaveCount(0);
    const refused = await editor.request.post('/admin/export/download', { form: { format: 'broadsheet' }, headers: { origin: siteA.url } });
    expect(refused.status()).toBe(403);
  });

  test('the Broadsheet export imported into an empty instance renders the same public pages', async () => {
    const b = await instance('b');
    cli(b, 'db/cli/migrate.ts');
    expect(cli(b, 'db/cli/import.ts', 'broadsheet', exportFile)).toMatch(/comment\s+\d+\s+0\s+0\s+0\s+0/);
    const siteB = await start(b, sparePort(21));
    const paths = ['/', `/article/${LONG_THREAD_SLUG}`, `/article/${HUNDRED_SLUG}`, '/support'];
    await expectSamePages(await capture(siteA, paths), siteB, paths);
    siteB.kill();
  });

  test('the WXR imported by the WordPress importer renders the same article text and comment thread', async ({ browser }) => {
    const c = await instance('c');
    cli(c, 'db/cli/migrate.ts');
    cli(c, 'db/cli/import.ts', 'wordpress', wxrFile, '--no-invite');
    const siteC = await start(c, sparePort(22));
    // As served (no JavaScript): the enhancer's passage counts, which need the inline anchors WXR lacks, stay out.
    const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    const original = await thread(reader, `${siteA.url}/article/${LONG_THREAD_SLUG}`);
    expect(original.length).toBeGreaterThan(20);
    expect(await thread(reader, `${siteC.url}/article/${LONG_THREAD_SLUG}`)).toEqual(original);
    await reader.goto(`${siteA.url}/article/${LONG_THREAD_SLUG}`);
    // The article's words (the feedback points' markers and panels, which WXR does not carry, left out), whitespace
    // aside (the WordPress importer lays list items out one per line).
    const articleText = () =>
      reader.locator('main h1, main [data-article-body]').evaluateAll((els) =>
        els.map((el) => {
          const copy = el.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('[data-anchor-ignore]').forEach((x) => x.remove());
          return (copy.textContent ?? '').replace(/\s+/g, '');
        }),
      );
    const body = await articleText();
    expect(body.join('')).toContain('whatdoyouwantfromyourlocalpaper');
    await reader.goto(`${siteC.url}/article/${LONG_THREAD_SLUG}`);
    expect(await articleText()).toEqual(body);
    siteC.kill();
  });

  test('restore after loss: what was acknowledged before the backup is back, the pages are the same, the app starts', async ({
    browser,
  }) => {
    const reader = await signedIn(browser, siteA, DEMO.reader.email);
    const before = [`Before the backup, first ${Date.now()}`, `Before the backup, second ${Date.now()}`];
    for (const text of before) {
      await reader.goto(`/article/${LONG_THREAD_SLUG}`);
      const form = commentForm(reader);
      await form.getByLabel('Your comment', { exact: true }).fill(text);
      await submitComment(reader, form, 'Post comment');
      await reader.goto(`/article/${LONG_THREAD_SLUG}`);
      await expect(reader.getByText(text)).toBeVisible();
    }
    // The pledge form at the foot of an article (the support page lists the campaign and its donor wall).
    await reader.goto(`/article/${HUNDRED_SLUG}`);
    const slot = reader.locator('#support-us');
    await slot.getByRole('radio', { name: '$25', exact: true }).check();
    await slot.getByLabel('Name on the donor wall').fill('Restored Donor');
    await slot.getByRole('button', { name: 'Pledge' }).click();
    await expect(reader.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();

    const pages = ['/', `/article/${LONG_THREAD_SLUG}`, '/support'];
    const captured = await capture(siteA, pages);
    expect(captured[`/article/${LONG_THREAD_SLUG}`]).toContain(before[1]);

    // Writes go on while the backup runs, on an article no compared page links to (its comment count is on cards).
    const sitemap = await (await fetch(`${siteA.url}/sitemap.xml`)).text();
    const other = [...sitemap.matchAll(/\/article\/([a-z0-9-]+)</g)]
      .map((m) => m[1])
      .find(
        (s) => s !== LONG_THREAD_SLUG && !Object.values(captured).some((h) => h.includes(`/article/${s}"`) || h.includes(`/article/${s}#`)),
      );
    expect(other, 'an article that no compared page links to').toBeTruthy();
    const archive = path.join(tmp, 'backup.tar');
    const backup = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'db/cli/backup.ts', archive], {
      env: { ...process.env, ...a.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let backupOut = '';
    backup.stdout.on('data', (d) => (backupOut += d));
    backup.stderr.on('data', (d) => (backupOut += d));
    const backupDone = new Promise<number | null>((r) => backup.on('exit', r));
    let during = 0;
    let finished = false;
    void backupDone.then(() => (finished = true));
    while (!finished && during < 3) {
      await reader.goto(`/article/${other}`);
      const form = commentForm(reader);
      await form.getByLabel('Your comment', { exact: true }).fill(`While the backup runs ${during} ${Date.now()}`);
      await submitComment(reader, form, 'Post comment');
      during++;
    }
    expect(await backupDone, backupOut).toBe(0);
    expect(backupOut).toMatch(/Backup written to .*checksums verified/);
    if (!serverUrl) expect(backupOut).toContain('taken by the running app');

    // The loss: the process dies, its data is gone.
    siteA.proc.kill('SIGKILL');
    await siteA.exited;
    fs.rmSync(a.env.DATA_DIR, { recursive: true, force: true });
    if (serverUrl) await recreateDatabase(new URL(a.env.DATABASE_URL).pathname.slice(1));

    const restored = cli(a, 'db/cli/restore.ts', archive);
    expect(restored).toMatch(/Restored the backup .*\n\s+\d+ articles, \d+ comments, \d+ users, \d+ pledges, \d+ media files/);
    const siteA2 = await start(a, sparePort(23));
    await expectSamePages(captured, siteA2, pages);
    expect(captured['/support']).toContain('Restored Donor');
  });
});
