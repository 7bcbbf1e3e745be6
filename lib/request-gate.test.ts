import { describe, expect, it } from 'vitest';
import { isMalformedUrl } from './request-gate';

describe('isMalformedUrl', () => {
  it.each([
    ['/article/%00', ''],
    ['/article/%C0%AF', ''], // overlong "/" (invalid UTF-8)
    ['/category/%FF', ''],
    ['/article/a%0Ab', ''],
    ['/u/%7F', ''],
    ['/search', '?q=%00'],
    ['/search', '?q=a\u0000'],
  ])('refuses %s%s', (path, search) => {
    expect(isMalformedUrl(path, search)).toBe(true);
  });

  it.each([
    ['/article/caf%C3%A9', ''],
    ['/search', '?q=%C0%AF'], // a search for odd bytes finds nothing, it does not fail
    ['/media/..%2f..', ''],
    ['/tag/a%20b', '?page=2'],
    ['/', ''],
  ])('lets %s%s through', (path, search) => {
    expect(isMalformedUrl(path, search)).toBe(false);
  });
});
