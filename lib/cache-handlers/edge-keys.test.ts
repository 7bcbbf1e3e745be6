/** Tags on the wire: short plain keys, hashed when needed, within the vendors' header limits. */
import { describe, expect, it } from 'vitest';
import { EDGE_KEYS_MAX_BYTES, edgeHeaders, edgeKey, edgeKeys } from './edge-keys.mjs';

describe('edge keys', () => {
  it('a short plain tag is its own key; soft, long or odd tags become a stable 13-character hash', () => {
    expect(edgeKey('article:0b9e6c7e-7d7e-4c5e-9a59-1f2b3c4d5e6f')).toBe('article:0b9e6c7e-7d7e-4c5e-9a59-1f2b3c4d5e6f');
    for (const tag of ['_N_T_/article/x', `article-slug:${'a'.repeat(80)}`, 'article-slug:café', 'a b']) {
      expect(edgeKey(tag)).toMatch(/^h[A-Za-z0-9_-]{12}$/);
      expect(edgeKey(tag)).toBe(edgeKey(tag));
    }
    expect(edgeKey('_N_T_/article/x')).not.toBe(edgeKey('_N_T_/article/y'));
    expect(edgeKeys(['settings', 'settings', 'articles'])).toEqual(['settings', 'articles']);
  });

  it('a page with more keys than the headers may carry goes without them (and without the long lifetime)', () => {
    const many = Array.from({ length: 500 }, (_, i) => `campaign:${'0'.repeat(30)}${i}`);
    expect(many.join(' ').length).toBeGreaterThan(EDGE_KEYS_MAX_BYTES);
    expect(edgeHeaders(many, undefined, { EDGE_PURGE: 'varnish' })).toEqual({});
  });

  it('lifetime settings: EDGE_MAX_AGE and EDGE_STALE, whole seconds', () => {
    const env = { EDGE_PURGE: 'fastly', EDGE_MAX_AGE: '604800', EDGE_STALE: '60' };
    expect(edgeHeaders(['settings'], { revalidate: 3600 }, env)['surrogate-control']).toBe('max-age=604800, stale-while-revalidate=60');
    expect(() => edgeHeaders(['settings'], undefined, { EDGE_PURGE: 'fastly', EDGE_MAX_AGE: '1d' })).toThrow(/seconds/);
  });
});
