import { describe, expect, it } from 'vitest';
import { safePath } from './safe-path';
import { safeBackPath } from './validation/comment';

// Values that a browser would follow to another host (or run as script) if sent as a Location.
const BYPASSES = [
  '//evil.example',
  '/\\evil.example',
  '\\/\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/ok\n//evil.example',
  '/%09/evil.example\t',
  'https:evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  ' //evil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  '/\u0000/evil.example',
  'evil.example',
  '',
];

describe('safePath', () => {
  it.each(BYPASSES)('refuses %j', (value) => {
    expect(safePath(value, '/fallback')).toBe('/fallback');
  });

  it('keeps ordinary same-site paths, normalised', () => {
    expect(safePath('/article/x?sort=top#comment-3')).toBe('/article/x?sort=top#comment-3');
    expect(safePath('/article/x#c', '/', { hash: false })).toBe('/article/x');
    expect(safePath('/a/./b/../c')).toBe('/a/c');
    // Percent-encoded tab stays encoded: a browser reads it as part of the path, not as whitespace.
    expect(safePath('/%09/evil.example')).toBe('/%09/evil.example');
    expect(safePath('/search?q=caf\u00e9')).toBe('/search?q=caf%C3%A9');
  });

  it('refuses non-strings, overlong values and Auth.js endpoints', () => {
    expect(safePath(undefined)).toBe('/');
    expect(safePath(42, '/x')).toBe('/x');
    expect(safePath('/' + 'a'.repeat(3000))).toBe('/');
    expect(safePath('/api/auth/signout')).toBe('/');
    expect(safePath('/api/authors')).toBe('/api/authors');
  });

  it('every result, resolved by a browser against the site, stays on the site', () => {
    for (const v of [...BYPASSES, '/a', '/a?b=//c', '/./a']) {
      const out = safePath(v, '/');
      expect(new URL(out, 'https://site.example/some/page').origin).toBe('https://site.example');
    }
  });
});

describe('safeBackPath (no-JavaScript comment forms)', () => {
  it.each(BYPASSES)('refuses %j', (value) => {
    expect(safeBackPath(value, '/article/x')).toBe('/article/x');
  });
  it('drops the fragment (the action appends its own)', () => {
    expect(safeBackPath('/article/x?sort=top#old', '/')).toBe('/article/x?sort=top');
  });
});
