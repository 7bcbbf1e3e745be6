import { describe, expect, it } from 'vitest';
import { commentExcerpt, countLinks, extractMentions, renderCommentMarkdown } from './markdown';

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
});
