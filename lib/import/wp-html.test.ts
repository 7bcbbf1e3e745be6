/** WordPress post content into article HTML (lib/import/wp-html.ts): images in every spelling HTML allows. */
import { describe, expect, it } from 'vitest';
import { imageSources, wordpressToArticleHtml } from './wp-html';

const OLD = 'https://old.example/wp-content/uploads';

// Third audit, item 12: the regular expressions understood only src="…"; these were dropped unreported.
const content = [
  `<p>Double: <img src="${OLD}/a.jpg" alt="A"></p>`,
  `<p>Single: <img class='x' src='${OLD}/b.jpg' alt='The "B" side'></p>`,
  `<p>Unquoted: <IMG SRC=${OLD}/c.jpg ALT=C></p>`,
  `<p>Entities and a > in the alt: <img alt="D > E" src="${OLD}/d.jpg?w=1&amp;h=2"></p>`,
  `<p>Lazy: <img data-src="${OLD}/e.jpg" alt="E"></p>`,
  `<p>Gone: <img src='https://gone.example/f.jpg' alt='F'></p>`,
  `<p>No address: <img alt="G"></p>`,
  `<!-- <img src="${OLD}/commented-out.jpg"> -->`,
].join('\n\n');

const sources = [`${OLD}/a.jpg`, `${OLD}/b.jpg`, `${OLD}/c.jpg`, `${OLD}/d.jpg?w=1&h=2`, `${OLD}/e.jpg`, 'https://gone.example/f.jpg'];

describe('wordpressToArticleHtml images', () => {
  it('finds every image address, whatever its quoting, entities decoded, each once', () => {
    expect(imageSources(`${content}\n\n<img src=${OLD}/a.jpg>`)).toEqual(sources);
  });

  it('points every image it can have at its copy here, keeps its alt text, and lists every one it cannot', () => {
    const asked: string[] = [];
    const { html, missingImages } = wordpressToArticleHtml(content, (src) => {
      asked.push(src);
      return src.startsWith(OLD) ? `/media/uploads/${src.slice(OLD.length + 1, OLD.length + 2)}.webp` : null;
    });
    expect(asked).toEqual(sources);
    for (const letter of ['a', 'b', 'c', 'd', 'e']) expect(html).toContain(`<img src="/media/uploads/${letter}.webp"`);
    expect(html).toContain('alt="The &quot;B&quot; side"');
    expect(html).toContain('alt="D &gt; E"');
    expect(html).not.toMatch(/gone\.example|old\.example|commented-out/);
    expect(missingImages).toEqual([
      { src: 'https://gone.example/f.jpg', reason: '' },
      { src: '', reason: 'it has no address (src)' },
    ]);
  });

  it('reports a [gallery] shortcode, whose images it cannot bring over', () => {
    const { html, missingImages } = wordpressToArticleHtml('Before.\n\n[gallery ids="90,91"]\n\nAfter.', () => null);
    expect(html).not.toContain('[gallery');
    expect(missingImages).toEqual([{ src: '', reason: 'a [gallery ids="90,91"] shortcode (its images are not brought over)' }]);
  });
});
