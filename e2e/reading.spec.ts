import { expect, test, type Page } from './support/fixtures';
import { gotoHydrated } from './support/hydration';
import { firstHref } from './support/pages/article';
import { DRAFT_SLUG, LONG_THREAD_SLUG, SCHEDULED_SLUG, SEARCH_SLUG, SEARCH_WORD, THOUSAND_SLUG } from '../db/seed/fixtures';

test.describe('reading the site', () => {
  test('front page shows a lead story, latest and sections, linking to an article', async ({ page }) => {
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect(page).toHaveTitle(/Broadsheet/);
    await expect(page.getByRole('heading', { name: 'Latest' })).toBeVisible();
    const sections = page.getByRole('navigation', { name: 'Sections' });
    await expect(sections.getByRole('link')).not.toHaveCount(0);
    const lead = page.getByRole('region', { name: 'Lead story' }).getByRole('heading', { level: 3 }).getByRole('link');
    const title = (await lead.textContent())!.trim();
    await lead.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  });

  test('the front page fetches no other page in the background until the reader points at a link', async ({ page }) => {
    // A phone reader should not download forty articles' payloads for one look at the front page.
    const fetched: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.searchParams.has('_rsc')) fetched.push(url.pathname);
    });
    await gotoHydrated(page, '/');
    expect(fetched).toEqual([]);
    const lead = page.getByRole('region', { name: 'Lead story' }).getByRole('heading', { level: 3 }).getByRole('link');
    const href = (await lead.getAttribute('href'))!;
    await lead.hover();
    await expect.poll(() => fetched).toContain(href);
    // Only the link pointed at: nothing else was fetched along with it.
    expect(new Set(fetched)).toEqual(new Set([href]));
  });

  test('an article has byline, dates, reading time, tags, related stories and JSON-LD', async ({ page }) => {
    const res = await page.goto(`/article/${SEARCH_SLUG}`);
    expect(res?.status()).toBe(200);
    const article = page.getByRole('article').first();
    await expect(article.getByText(/min read/)).toBeVisible();
    await expect(article.getByText(/^Published/)).toBeVisible();
    await expect(page.getByRole('list', { name: 'Tags' }).getByRole('link')).not.toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Related' })).toBeVisible();
    await expect(page.locator('.prose-article h2').first()).toBeVisible();
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.author.length).toBeGreaterThan(0);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/article/${SEARCH_SLUG}$`));
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /.+/);
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
    const og = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(og).toBeTruthy();
    const img = await page.request.get(new URL(og!).pathname);
    expect(img.status()).toBe(200);
    expect(img.headers()['content-type']).toContain('image/png');
    const cover = await page.request.get((await page.locator('figure img').first().getAttribute('src'))!);
    expect(cover.status()).toBe(200);
    expect(cover.headers()['content-type']).toBe('image/webp');

    // Byline -> author page -> the article is listed there.
    await article.getByRole('link', { name: /.+/ }).and(page.locator('a[rel="author"]')).first().click();
    await expect(page).toHaveURL(/\/author\//);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(
      page
        .getByRole('link', { name: /.+/ })
        .and(page.locator(`a[href="/article/${SEARCH_SLUG}"]`))
        .first(),
    ).toBeVisible();
  });

  // Third audit, item 10: the article's own openGraph replaced the layout's, and og:site_name was lost.
  test('every public page names the site to link previews; an article describes itself with its standfirst', async ({ page }) => {
    const og = (property: string) => page.locator(`meta[property="og:${property}"]`);
    expect((await page.goto(`/article/${SEARCH_SLUG}`))?.status()).toBe(200);
    await expect(og('site_name')).toHaveAttribute('content', 'Broadsheet');
    await expect(og('type')).toHaveAttribute('content', 'article');
    await expect(og('description')).toHaveAttribute(
      'content',
      'In a studio above a laundromat, pigments are ground by hand and named after the neighbourhood.',
    );
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    const tagHref = await firstHref(page, 'ul[aria-label="Tags"] a');
    const authorHref = await firstHref(page, 'a[rel="author"]');
    for (const path of ['/', categoryHref, tagHref, authorHref, '/archive/page/2', '/search?q=colours', '/support', '/signin']) {
      expect((await page.goto(path))?.status(), path).toBe(200);
      await expect(og('site_name'), path).toHaveAttribute('content', 'Broadsheet');
      await expect(og('site_name'), path).toHaveCount(1);
    }
  });

  test('category, tag and author pages list articles; archive pages through', async ({ page }) => {
    await page.goto('/');
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    expect((await page.goto(categoryHref))?.status()).toBe(200);
    await expect(page.getByRole('article').first()).toBeVisible();

    await page.goto(`/article/${SEARCH_SLUG}`);
    const tagHref = await firstHref(page, 'ul[aria-label="Tags"] a');
    expect((await page.goto(tagHref))?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Tagged');
    await expect(page.getByRole('article').first()).toBeVisible();

    expect((await page.goto('/archive'))?.status()).toBe(200);
    await expect(page.getByText(/Page 1 of \d+/)).toBeVisible();
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect(page).toHaveURL(/\/archive\/page\/2$/);
    await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
  });

  test('drafts and scheduled articles are not public', async ({ page }) => {
    expect((await page.goto(`/article/${DRAFT_SLUG}`))?.status()).toBe(404);
    expect((await page.goto(`/article/${SCHEDULED_SLUG}`))?.status()).toBe(404);
  });

  test('missing pages answer a real 404 with a helpful page', async ({ page }) => {
    for (const path of [
      '/article/no-such-story',
      '/category/no-such-section',
      '/tag/no-such-tag',
      '/author/nobody-here',
      '/category/no-such-section/feed.xml',
      '/no/such/page',
      '/archive/page/999',
      '/archive/page/abc',
      '/archive/page/-1',
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
    }
    await page.goto('/article/no-such-story');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search articles' }).first()).toBeVisible();
  });

  // @solo: reads the server-wide SQL counter, which requests of specs running alongside would move.
  test('a repeat request for an article is served from the cache without querying the database', { tag: '@solo' }, async ({ request }) => {
    const queries = async () => ((await (await request.get('/api/health')).json()) as { queries: number }).queries;
    const path = `/article/${SEARCH_SLUG}`;
    expect((await request.get(path)).status()).toBe(200); // warms the cache
    const before = await queries();
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain(SEARCH_WORD);
    const after = await queries();
    // The only statement between the two readings is the health check's own `select 1`.
    expect(after - before).toBe(1);
  });

  test('odd page parameters never fail', async ({ page }) => {
    await page.goto('/');
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    for (const q of ['?page=abc', '?page=-1', '?page=1e9']) {
      expect((await page.goto(categoryHref + q))?.status(), q).toBe(200);
    }
    expect((await page.goto(categoryHref + '/page/999'))?.status()).toBe(404);
  });
});

test.describe('search', () => {
  test('finds a word that only appears in one article body, with a highlighted snippet', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search articles' }).first().fill(SEARCH_WORD);
    await page.getByRole('searchbox', { name: 'Search articles' }).first().press('Enter');
    await expect(page).toHaveURL(new RegExp(`/search\\?q=${SEARCH_WORD}`));
    await expect(page.getByRole('heading', { name: /1 result for/ })).toBeVisible();
    const hit = page.getByRole('listitem').filter({ has: page.locator(`a[href="/article/${SEARCH_SLUG}"]`) });
    await expect(hit.locator('mark').first()).toHaveText(new RegExp(SEARCH_WORD, 'i'));
  });

  test('quotes, operators, SQL fragments and very long input answer 200', async ({ page }) => {
    const inputs = [
      '"city council"',
      'council -budget',
      'council OR housing',
      "'; drop table articles; --",
      'a & | ! ( ) :* <->',
      '<script>alert(1)</script>',
      'x'.repeat(2000),
      '%',
      '\\',
      '"unterminated',
    ];
    for (const q of inputs) {
      const res = await page.goto(`/search?q=${encodeURIComponent(q)}`);
      expect(res?.status(), q.slice(0, 40)).toBe(200);
      await expect(page.getByRole('heading', { name: /result/ })).toBeVisible();
    }
    expect((await page.goto('/search?q=council&page=abc'))?.status()).toBe(200);
    expect((await page.goto('/search?q=council&page=-1'))?.status()).toBe(200);
    // The script tag was shown as text, not run.
    await page.goto(`/search?q=${encodeURIComponent('<script>window.__x=1</script>')}`);
    expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
  });
});

test.describe('feeds and crawlers', () => {
  async function expectWellFormedXml(page: Page, path: string, root: string) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    const text = await res.text();
    const error = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return doc.getElementsByTagName('parsererror').length > 0 ? 'parse error' : doc.documentElement.nodeName;
    }, text);
    expect(error, path).toBe(root);
    return text;
  }

  test('RSS and Atom feeds, site-wide and per category, are valid XML with articles', async ({ page }) => {
    await page.goto('/');
    const rss = await expectWellFormedXml(page, '/feed.xml', 'rss');
    expect(rss).toContain('<item>');
    const atom = await expectWellFormedXml(page, '/atom.xml', 'feed');
    expect(atom).toContain('<entry>');
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    const catRss = await expectWellFormedXml(page, `${categoryHref}/feed.xml`, 'rss');
    expect(catRss).toContain('<item>');
    await expectWellFormedXml(page, `${categoryHref}/atom.xml`, 'feed');
  });

  test('home, category and article pages announce their feeds; the article names its publisher with a logo', async ({ page }) => {
    for (const path of ['/', `/article/${SEARCH_SLUG}`]) {
      await page.goto(path);
      await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]'), path).toHaveAttribute('href', /\/feed\.xml$/);
      await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]'), path).toHaveAttribute('href', /\/atom\.xml$/);
    }
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(ld.publisher.name).toBe('Broadsheet');
    const logo = await page.request.get(new URL(ld.publisher.logo.url).pathname);
    expect(logo.status()).toBe(200);
    expect(logo.headers()['content-type']).toContain('image/png');
    await page.goto('/');
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    await page.goto(categoryHref);
    await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
      'href',
      new RegExp(`${categoryHref}/feed\\.xml$`),
    );
  });

  test('counts carry thousands separators', async ({ page }) => {
    await page.goto(`/article/${THOUSAND_SLUG}`);
    await expect(page.getByRole('link', { name: /^\d{1,3}(,\d{3})+ comments$/ }).first()).toBeVisible();
  });

  test('sitemap and robots', async ({ page }) => {
    await page.goto('/');
    const sitemap = await expectWellFormedXml(page, '/sitemap.xml', 'urlset');
    expect(sitemap).toContain(`/article/${LONG_THREAD_SLUG}`);
    expect(sitemap).not.toContain(`/article/${DRAFT_SLUG}`);
    const robots = await page.request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/Sitemap: .*\/sitemap\.xml/);
  });
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('no page scrolls sideways', async ({ page }) => {
    await page.goto(`/article/${SEARCH_SLUG}`);
    const tagHref = await firstHref(page, 'ul[aria-label="Tags"] a');
    const authorHref = await firstHref(page, 'a[rel="author"]');
    const categoryHref = await firstHref(page, 'nav[aria-label="Sections"] a[href^="/category/"]');
    for (const path of [
      '/',
      `/article/${SEARCH_SLUG}`,
      `/article/${LONG_THREAD_SLUG}`,
      categoryHref,
      tagHref,
      authorHref,
      '/archive',
      `/search?q=${SEARCH_WORD}`,
      '/article/missing-page',
      '/support',
      '/signin',
    ]) {
      await page.goto(path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
    }
  });
});
