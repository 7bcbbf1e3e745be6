/**
 * A Postgres server restarted in the middle of traffic (third audit, item 7: 20 article 500s and 5 "Something
 * went wrong" answers in one restart). A fast restart ends every pooled connection with 57P01 while pages are
 * rendered and comments posted. Every page must answer 200 or 503 with Retry-After (never a 500 or an error
 * page), and every comment post must be acknowledged and kept, or refused with a message that says what
 * happened and keeps the text.
 */
import postgres from 'postgres';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/accounts';
import { replaceField } from './support/multipart';
import { seededCluster, type Cluster } from './support/pg-cluster';
import { sparePort, startServer, type Server } from './support/next-server';
import { commentForm } from './support/pages/comments';
import { signIn } from './support/pages/signin';
import { LONG_THREAD_SLUG, SEARCH_SLUG } from '../db/seed/fixtures';
import { OUTAGE_MAYBE_SAVED, OUTAGE_TEXT } from '../lib/outage';

let cluster: Cluster | undefined;
let server: Server | undefined;
test.afterAll(() => {
  server?.kill();
  cluster?.destroy();
});

type Flash = { form?: string; state?: { ok?: boolean; message?: string; values?: Record<string, string> } };

/** The result a plain form post left in its cookie for the page that follows (lib/actions/form-flash.ts). */
function flashOf(res: Response): Flash | null {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bs_form='));
  const value = cookie ? decodeURIComponent(cookie.slice('bs_form='.length).split(';')[0]) : '';
  if (!value || value.startsWith('db.')) return null;
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Flash;
}

test('a Postgres restart in the middle of traffic: pages answer 200 or 503, a comment is kept or refused with its text', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  // Our own throwaway Postgres server: the shared one must never be stopped.
  cluster = seededCluster(sparePort(2305));
  const sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
  // Comments as fast as the traffic sends them: no posting interval, no daily cap for new accounts.
  await sql`insert into settings (key, value) values ('commentIntervalSeconds', '0'::jsonb), ('newAccountDailyCap', '100000'::jsonb)
            on conflict (key) do update set value = excluded.value`;
  server = await startServer(sparePort(5), { DATABASE_URL: cluster.url, DATABASE_POOL_MAX: '4' });
  const site = server;

  // The reader's comment post without JavaScript, as the browser sends it, to be sent again with other texts.
  const context = await browser.newContext({ baseURL: site.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO.reader.email, DEMO.reader.password, `/article/${LONG_THREAD_SLUG}`);
  await page.goto(`/article/${LONG_THREAD_SLUG}`);
  await commentForm(page).getByLabel('Your comment', { exact: true }).fill('Before the restart');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.isNavigationRequest());
  await commentForm(page).getByRole('button', { name: 'Post comment' }).click();
  const post = await sent;
  const postUrl = post.url();
  const template = post.postData()!;
  const postHeaders = Object.fromEntries(
    Object.entries(await post.allHeaders()).filter(([k]) => !k.startsWith(':') && !['host', 'content-length', 'connection'].includes(k)),
  );
  const cookie = postHeaders.cookie;
  expect(cookie, 'the signed-in session').toContain('session-token');
  await context.close();

  const problems: string[] = [];
  const acknowledged = new Map<number, string>();
  const refused: { text: string; message: string; kept: boolean }[] = [];
  const served = { pages: 0, posts: 0, unavailable: 0 };
  let running = true;
  // Milestones are checked after every answer (events, not sleeps).
  const waiters: (() => boolean)[] = [];
  const reached = (check: () => boolean) => new Promise<void>((resolve) => waiters.push(() => (check() ? (resolve(), true) : false)));
  const answered = () => waiters.splice(0, waiters.length, ...waiters.filter((w) => !w()));

  const unavailable = (what: string, res: Response) => {
    served.unavailable++;
    if (!(Number(res.headers.get('retry-after')) > 0)) problems.push(`${what}: 503 without Retry-After`);
  };

  const paths = [`/article/${LONG_THREAD_SLUG}`, '/account', `/article/${SEARCH_SLUG}`, '/search?q=restart', '/'];
  async function readPages(worker: number) {
    for (let n = worker; running; n += 4) {
      const path = paths[n % paths.length].replace('restart', `restart${n}`);
      try {
        const res = await fetch(site.url + path, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
        const body = await res.text();
        if (res.status === 503) unavailable(path, res);
        else if (res.status !== 200) problems.push(`${path}: ${res.status}`);
        else if (body.includes('Something went wrong')) problems.push(`${path}: 200 with the error page`);
        else served.pages++;
      } catch (err) {
        problems.push(`${path}: ${(err as Error).message}`);
      }
      answered();
    }
  }

  async function postComments(worker: number) {
    for (let n = 0; running; n++) {
      const text = `Through the restart ${worker}.${n} ${Date.now().toString(36)}`;
      try {
        const res = await fetch(postUrl, {
          method: 'POST',
          headers: postHeaders,
          body: replaceField(template, 'body', text),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        const id = /#comment-(\d+)$/.exec(res.headers.get('location') ?? '')?.[1];
        const flash = flashOf(res);
        if (res.status === 503) unavailable('comment post', res);
        else if (res.status !== 303) problems.push(`comment post: ${res.status}`);
        else if (id) {
          acknowledged.set(Number(id), text);
          served.posts++;
        } else if (flash?.state && !flash.state.ok) {
          refused.push({ text, message: flash.state.message ?? '', kept: flash.state.values?.body === text });
        } else problems.push(`comment post: 303 to ${res.headers.get('location')} with ${JSON.stringify(flash)}`);
      } catch (err) {
        problems.push(`comment post: ${(err as Error).message}`);
      }
      answered();
    }
  }

  const traffic = [0, 1, 2, 3].map(readPages).concat([0, 1, 2].map(postComments));
  await reached(() => served.pages >= 10 && served.posts >= 5);
  const before = { ...served };
  await cluster.restart('fast');
  // Served again after the restart, pages and posts alike.
  await reached(() => served.pages >= before.pages + 10 && served.posts >= before.posts + 5);
  running = false;
  await Promise.all(traffic);

  test.info().annotations.push({ type: 'traffic', description: JSON.stringify({ ...served, refused: refused.length }) });
  expect(problems).toEqual([]);
  // A refusal says what happened to the write, and the text is still in the form.
  for (const r of refused) {
    expect([OUTAGE_TEXT, OUTAGE_MAYBE_SAVED], r.text).toContain(r.message);
    expect(r.kept, r.text).toBe(true);
  }
  // Every acknowledged comment is there; none refused as "not saved" is.
  const kept = await sql<{ id: number; body: string }[]>`select id, body from comments where id in ${sql([...acknowledged.keys()])}`;
  expect(new Map(kept.map((c) => [Number(c.id), c.body]))).toEqual(acknowledged);
  const notSaved = refused.filter((r) => r.message === OUTAGE_TEXT).map((r) => r.text);
  if (notSaved.length) expect(await sql`select id from comments where body in ${sql(notSaved)}`).toHaveLength(0);
  await sql.end();
  expect(site.output()).not.toMatch(/uncaughtException|unhandledRejection/);
});
