import { describe, expect, it } from 'vitest';
import { commentExcerpt, countLinks, extractMentions, renderCommentMarkdown } from './markdown';
import { holdReasons } from './moderation';

describe('renderCommentMarkdown', () => {
  it('renders the safe subset', () => {
    const html = renderCommentMarkdown('Hello **bold** and *it* and `x < y`\n\n> quoted');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<code>x &lt; y</code>');
    expect(html).toContain('<blockquote>');
  });

  it('never lets a script tag through; the text stays visible as text', () => {
    const html = renderCommentMarkdown('before <script>alert(1)</script> after');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    const block = renderCommentMarkdown('<script>\nalert(1)\n</script>');
    expect(block).not.toMatch(/<script/i);
  });

  it('removes javascript: links and event handlers', () => {
    const html = renderCommentMarkdown(
      '[click](javascript:alert(1)) <a href="javascript:alert(2)" onclick="x()">y</a> [ok](JaVaScRiPt:alert(3))',
    );
    expect(html).not.toMatch(/<a [^>]*href="\s*javascript:/i);
    expect(html).not.toMatch(/<a [^>]*onclick/i);
    expect(html).toContain('click');
  });

  it('gives links rel="ugc nofollow noopener"', () => {
    const html = renderCommentMarkdown('see [the report](https://example.org/report) and https://example.com');
    expect(html).toContain('<a href="https://example.org/report" rel="ugc nofollow noopener">the report</a>');
    expect(html).toContain('<a href="https://example.com" rel="ugc nofollow noopener">');
  });

  it('drops images and headings to safe equivalents', () => {
    const html = renderCommentMarkdown('# Title\n\n![x](https://e.org/a.png)');
    expect(html).not.toMatch(/<h1|<img/);
    expect(html).toContain('<p>Title</p>');
  });

  it('links @mentions to profiles, but not inside code or e-mail addresses', () => {
    const html = renderCommentMarkdown('thanks @jane_doe, mail me at me@example.org, `@notme`');
    expect(html).toContain('<a href="/u/jane_doe" class="mention">@jane_doe</a>');
    expect(html).not.toContain('/u/example');
    expect(html).not.toContain('/u/notme');
    expect(extractMentions('hi @Jane_Doe and @bob, `@carl`, a@b.org')).toEqual(['jane_doe', 'bob']);
  });

  it('counts links and makes excerpts', () => {
    expect(countLinks('a https://a.org b http://b.org/x www.c.org')).toBe(3);
    expect(commentExcerpt('<p>a &amp; b</p><p>c</p>')).toBe('a & b c');
  });

  it('counts mailto: links, bare domains, paths and addresses, not dotted numbers or abbreviations', () => {
    expect(countLinks('[write](mailto:a@example.org)')).toBe(1);
    expect(countLinks('mailto:a@example.org')).toBe(1);
    expect(countLinks('see example.com/x')).toBe(1);
    expect(countLinks('www.example.com')).toBe(1);
    expect(countLinks('mail spam@cheap-pills.biz')).toBe(1);
    expect(countLinks('exa\u200bmple.com/x')).toBe(1);
    expect(countLinks('Version 1.2.3, e.g. this, i.e. that. Page 4.')).toBe(0);
  });

  // Third audit, item 5: marked's GFM autolinks made these clickable while linkifyjs (which knows no .onion,
  // .example or .local and no www.<IP>) counted none of them, so three links passed a limit of two.
  it('counts every link the renderer makes clickable, whatever its top-level domain', () => {
    const clickable = (md: string) => (renderCommentMarkdown(md).match(/<a href="(?!\/)/g) ?? []).length;
    for (const md of [
      'www.a.onion www.b.onion www.c.onion',
      'www.a.example www.b.local www.1.2.3.4',
      'http://a.onion <https://b.local> [c](http://c.example)',
      'write to a@b.onion or me@example.org or [us](mailto:us@example.local)',
      '**www.a.onion** _www.b.onion_ > www.c.onion',
    ]) {
      expect(clickable(md), md).toBe(3);
      expect(countLinks(md), md).toBe(3);
    }
  });

  it('still counts addresses that are not clickable, once, and not mentions or site paths', () => {
    expect(countLinks('see example.com/x and www.example.com')).toBe(2);
    expect(countLinks('[www.a.org](https://b.org)')).toBe(1);
    expect(countLinks('exa*mple*.com/x')).toBe(1);
    expect(countLinks('`www.spam.com`')).toBe(1);
    expect(countLinks('thanks @jane_doe, see [the rules](/about)')).toBe(0);
  });

  it('holds a comment with more rendered links than the limit', () => {
    const ctx = { bannedWords: [], suspectWords: [], linkLimit: 2, holdFirstComment: false, premoderated: false, firstComment: false };
    expect(holdReasons('www.a.onion www.b.onion www.c.onion', ctx)).toEqual(['it has 3 links (more than 2)']);
    expect(holdReasons('www.a.onion www.b.onion', ctx)).toEqual([]);
  });
});
