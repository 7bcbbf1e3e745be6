import { describe, expect, it } from 'vitest';
import { charCount, editCommentSchema, flagSchema, postCommentSchema, safeBackPath, threadQuerySchema } from './comment';

const parse = (body: string, extra: Record<string, string> = {}) => postCommentSchema.safeParse({ articleId: 'a1', body, ...extra });
const message = (body: string) => {
  const r = parse(body);
  return r.success ? null : r.error.issues.map((i) => i.message).join(' ');
};

describe('postCommentSchema', () => {
  it('accepts ordinary text and keeps it untouched', () => {
    const r = parse('  Hello **there**  ', { parentId: '12' });
    expect(r.success && r.data).toMatchObject({ body: '  Hello **there**  ', parentId: 12 });
  });

  it('refuses empty and whitespace-only text with a clear message', () => {
    expect(message('')).toMatch(/empty/);
    expect(message('   \n\t  ')).toMatch(/empty/);
  });

  it('allows 10,000 characters and refuses 10,001', () => {
    expect(message('x'.repeat(10_000))).toBeNull();
    expect(message('x'.repeat(10_001))).toMatch(/at most 10,000 characters; this one has 10,001/);
    expect(charCount('😀'.repeat(10_000))).toBe(10_000);
    expect(message('😀'.repeat(10_000))).toBeNull();
  });

  it('refuses script tags and javascript: links, but not inside code', () => {
    expect(message('<script>alert(1)</script>')).toMatch(/Script tags/);
    expect(message('[x](javascript:alert(1))')).toMatch(/javascript:/);
    expect(message('<a href="JavaScript:alert(1)">x</a>')).toMatch(/javascript:/);
    expect(message('use `<script>` tags and `javascript:void(0)`')).toBeNull();
  });

  it('refuses a NUL byte or other control characters with a message (Postgres cannot store NUL)', () => {
    expect(message('hello\u0000world')).toMatch(/invisible control characters/);
    expect(message('bell\u0007')).toMatch(/invisible control characters/);
    expect(parse('fine', { anchorExact: 'quote\u0000' }).success).toBe(false);
    expect(editCommentSchema.safeParse({ commentId: '1', body: 'x\u0000' }).success).toBe(false);
    expect(flagSchema.safeParse({ commentId: '1', reason: 'spam', note: 'a\u0000b' }).success).toBe(false);
    // Tabs and line breaks are text.
    expect(message('line one\r\n\tline two')).toBeNull();
  });

  it('refuses zalgo text (a pile of combining marks on one letter) but not real accents', () => {
    const zalgo = 'H\u0335\u0312\u0310\u034c\u0301\u0308\u0303e\u0336\u030a\u0304l\u0334lo';
    expect(message(zalgo)).toMatch(/too many accents or marks on one letter/);
    expect(message(`Fine text then o${'\u0301'.repeat(5)}`)).toMatch(/zalgo/);
    // Vietnamese stacks two marks, decomposed or not; four is still allowed.
    expect(message('Nguyễn Thị Minh Khai, tiếng Việt')).toBeNull();
    expect(message('Nguyễn Thị'.normalize('NFD'))).toBeNull();
    expect(message(`a${'\u0301'.repeat(4)}`)).toBeNull();
  });

  it('treats blank optional fields as absent', () => {
    const r = parse('hi', { parentId: '', anchorExact: '', feedbackPointId: '' });
    expect(r.success && r.data.parentId).toBeUndefined();
    expect(r.success && r.data.anchorExact).toBeUndefined();
    expect(parse('hi', { parentId: 'abc' }).success).toBe(false);
  });
});

describe('helpers', () => {
  it('parses thread queries forgivingly', () => {
    expect(threadQuerySchema.parse({ sort: 'top', after: '5' })).toEqual({ sort: 'top', after: 5 });
    expect(threadQuerySchema.parse({ sort: 'bogus', after: 'x' })).toEqual({ sort: 'newest', after: undefined });
  });
  it('only returns to same-site paths', () => {
    expect(safeBackPath('/article/a?sort=top#c', '/')).toBe('/article/a?sort=top');
    expect(safeBackPath('//evil.example', '/x')).toBe('/x');
    expect(safeBackPath('https://evil.example', '/x')).toBe('/x');
  });
});
