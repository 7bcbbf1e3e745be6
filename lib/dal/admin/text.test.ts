import { describe, expect, it } from 'vitest';
import { htmlToText, readingMinutes, renderArticleBody, sanitizeArticleHtml } from './text';

describe('article HTML from the rich-text editor', () => {
  it('keeps every element the editor makes, one block per line', () => {
    const editor =
      '<h2>Head</h2><h3>Sub</h3><h4>Minor</h4><p>A <strong>bold</strong>, <em>italic</em> and <a href="https://example.org/x">linked</a> word.</p>' +
      '<blockquote><p>Quoted.</p></blockquote><aside class="pull-quote"><p>Pulled out.</p></aside>' +
      '<ul><li><p>One</p></li></ul><ol><li><p>First</p></li></ol><hr>' +
      '<figure><img src="https://cdn.example.org/a.jpg" alt="A harbour"><figcaption>The harbour at dawn</figcaption></figure>' +
      '<aside class="link-card"><a href="https://example.org/report">example.org</a></aside>';
    const out = sanitizeArticleHtml(editor);
    for (const bit of [
      '<h2>Head</h2>',
      '<h3>Sub</h3>',
      '<h4>Minor</h4>',
      '<strong>bold</strong>',
      '<em>italic</em>',
      '<a href="https://example.org/x" rel="noopener noreferrer nofollow">linked</a>',
      '<blockquote><p>Quoted.</p>',
      '<aside class="pull-quote"><p>Pulled out.</p>',
      '<ul><li><p>One</p>',
      '<ol><li><p>First</p>',
      '<hr />',
      '<img src="https://cdn.example.org/a.jpg" alt="A harbour" loading="lazy" />',
      '<figcaption>The harbour at dawn</figcaption>',
      '<aside class="link-card"><a href="https://example.org/report" rel="noopener noreferrer nofollow">example.org</a></aside>',
    ]) {
      expect(out).toContain(bit);
    }
    expect(out.split('\n').length).toBeGreaterThan(8);
  });

  it('drops what a paste from Word or Google Docs brings along, and anything unsafe', () => {
    const word =
      '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span style="font-size:11pt" lang="EN-GB">Council <o:p></o:p>vote</span></p>' +
      '<style>p.MsoNormal{margin:0}</style><!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->';
    expect(sanitizeArticleHtml(word)).toBe('<p>Council vote</p>');
    const docs =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><p dir="ltr"><span style="font-weight:700">Plain</span> text</p></b>';
    expect(sanitizeArticleHtml(docs)).toBe('<p>Plain text</p>');
    const evil =
      '<h1 onclick="x()">Title</h1><script>alert(1)</script><p><a href="javascript:alert(1)" class="btn">click</a></p>' +
      '<aside class="ad"><p>Buy</p></aside><img src="javascript:alert(1)"><iframe src="https://evil.example"></iframe>';
    const out = sanitizeArticleHtml(evil);
    expect(out).toContain('<h2>Title</h2>');
    expect(out).not.toMatch(/script|onclick|javascript|iframe|class="btn"|class="ad"|<img/);
  });

  it('gives media-library images the srcset of their responsive variants', () => {
    const out = sanitizeArticleHtml('<figure><img src="/media/uploads/2026/abc-1024.webp" alt="Pier"></figure>');
    expect(out).toContain(
      'srcset="/media/uploads/2026/abc-320.webp 320w, /media/uploads/2026/abc-640.webp 640w, /media/uploads/2026/abc-1024.webp 1024w"',
    );
    expect(out).toContain('sizes="');
    expect(sanitizeArticleHtml('<img src="https://cdn.example.org/x-640.webp" alt="">')).not.toContain('srcset');
  });

  it('still reads Markdown (old revisions, the no-JavaScript textarea) and tells the two apart', () => {
    expect(renderArticleBody('## Heading\n\nSome *text*.')).toBe('<h2>Heading</h2>\n<p>Some <em>text</em>.</p>');
    expect(renderArticleBody('<p>Some <em>text</em>.</p>')).toBe('<p>Some <em>text</em>.</p>');
  });

  it('counts the words of adjacent blocks apart (the editor writes no whitespace between them)', () => {
    expect(htmlToText('<h2>Head</h2><p>one two</p><ul><li><p>three</p></li></ul>')).toBe('Head one two three');
    expect(readingMinutes(`<p>${'word '.repeat(231)}</p>`)).toBe(2);
  });
});
