import { describe, expect, it } from 'vitest';
import { firstParagraph, pageMetadata } from './metadata';

describe('pageMetadata', () => {
  it("keeps og:site_name when a page brings its own openGraph (Next replaces the layout's whole)", () => {
    const m = pageMetadata({
      title: 'A story',
      description: 'Its standfirst.',
      openGraph: { type: 'article', title: 'A story', url: '/article/a' },
    });
    expect(m.openGraph).toMatchObject({
      siteName: 'Broadsheet',
      type: 'article',
      title: 'A story',
      url: '/article/a',
      description: 'Its standfirst.',
    });
  });

  it("gives a page without openGraph the site's, with its own title and description", () => {
    expect(pageMetadata({ title: 'Tagged “water”' }).openGraph).toEqual({
      siteName: 'Broadsheet',
      type: 'website',
      title: 'Tagged “water”',
      description: undefined,
    });
    expect(pageMetadata({ title: { default: 'Broadsheet', template: '%s | Broadsheet' }, description: 'News.' }).openGraph).toMatchObject({
      siteName: 'Broadsheet',
      description: 'News.',
    });
  });
});

describe('firstParagraph', () => {
  it('takes the first paragraph of the text, not a pull quote, caption or empty paragraph', () => {
    const html =
      '<figure><img src="/a.webp" alt=""><figcaption><p>Caption.</p></figcaption></figure><p> </p>' +
      '<blockquote><p>Quoted.</p></blockquote><p>The council voted <em>5 to 2</em> &amp; went home.</p><p>Second.</p>';
    expect(firstParagraph(html)).toBe('The council voted 5 to 2 & went home.');
  });

  it('cuts a long paragraph at a word, and reads a body without paragraphs', () => {
    const long = `<p>${'word '.repeat(100)}</p>`;
    const cut = firstParagraph(long, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^(word )+word…$/);
    expect(firstParagraph('<h2>Heading</h2>Stalls open at nine.')).toBe('Heading Stalls open at nine.');
    expect(firstParagraph('')).toBe('');
  });
});
