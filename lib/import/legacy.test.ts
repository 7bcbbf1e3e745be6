/** How WordPress archive addresses map to ours (lib/import/legacy.ts); the import test covers the lookups. */
import { describe, expect, it } from 'vitest';
import { archiveAddress, archiveTarget } from './legacy';

const mapped = (path: string) => {
  const a = archiveAddress(path);
  return a && archiveTarget(a, `/${a.kind}/${a.slug}`);
};

describe('WordPress archive addresses', () => {
  // Third audit, item 11: /category/news/city-hall/ ended on /category/news/city-hall, a 404.
  it('lead a nested category, with or without a trailing slash, to the leaf category', () => {
    expect(mapped('/category/news/city-hall/')).toBe('/category/city-hall');
    expect(mapped('/category/news/city-hall')).toBe('/category/city-hall');
    expect(mapped('/category/a/b/c/')).toBe('/category/c');
    expect(mapped('/category/news/')).toBe('/category/news');
  });

  it('keep the page number and lead feeds to the category feed', () => {
    expect(mapped('/category/news/city-hall/page/3/')).toBe('/category/city-hall/page/3');
    expect(mapped('/category/news/city-hall/page/3')).toBe('/category/city-hall/page/3');
    expect(mapped('/category/news/page/2/')).toBe('/category/news/page/2');
    expect(mapped('/category/news/city-hall/page/1/')).toBe('/category/city-hall');
    expect(mapped('/category/news/city-hall/feed/')).toBe('/category/city-hall/feed.xml');
    expect(mapped('/category/news/feed')).toBe('/category/news/feed.xml');
    expect(mapped('/category/news/city-hall/feed/rss2/')).toBe('/category/city-hall/feed.xml');
    expect(mapped('/category/news/city-hall/feed/atom/')).toBe('/category/city-hall/atom.xml');
    expect(mapped('/tag/water/page/2/')).toBe('/tag/water/page/2');
    expect(mapped('/author/mhollis/page/2/')).toBe('/author/mhollis/page/2');
  });

  it('leave our own addresses and other paths alone (no database lookup)', () => {
    for (const path of [
      '/category/news',
      '/category/news/page/2',
      '/category/news/feed.xml',
      '/category/news/atom.xml',
      '/tag/water',
      '/author/mhollis/page/2',
      '/tag/water/feed/',
      '/tag/a/b/',
      '/tag/x/page/1e9',
      '/category/x/page/1e9',
      '/category/x/page/2/extra/',
      '/article/category/x/',
      '/categoryx/a/',
    ])
      expect(archiveAddress(path), path).toBeNull();
  });
});
