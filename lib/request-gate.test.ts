import { describe, expect, it } from 'vitest';
import { isMalformedUrl, unavailableActionAnswer, unavailablePage } from './request-gate';
import { OUTAGE_ACTION_MESSAGE } from './outage';

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

describe('the answer during a database outage', () => {
  it('is a 503 with Retry-After: an HTML page, and plain text for a form posted with JavaScript', async () => {
    const page = unavailablePage();
    expect(page.status).toBe(503);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('Temporarily unavailable');
    // Next's client raises a plain-text 4xx/5xx answer to an action as an error with that text (app/error.tsx
    // shows it); an HTML answer would only be "an unexpected response".
    const action = unavailableActionAnswer();
    expect(action.status).toBe(503);
    expect(Number(action.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(action.headers.get('content-type')).toBe('text/plain');
    expect(await action.text()).toBe(OUTAGE_ACTION_MESSAGE);
  });
});
