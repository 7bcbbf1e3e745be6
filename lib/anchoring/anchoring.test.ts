import { describe, expect, it } from 'vitest';
import { articleText } from './html';
import { describeRange, locateAnchor, reanchor } from './text-quote';

const ARTICLE = [
  '<h2>Library vote</h2>',
  '<p>The council met on Monday evening. After a long debate, the council <strong>voted on Tuesday</strong> to close the old library on Mill Street.</p>',
  '<p>Residents said they would appeal. The mayor declined to comment &amp; left early.</p>',
  '<p>A second meeting is planned for March.</p>',
].join('\n');

/** The anchor a reader makes by selecting `quote` in the article. */
function select(html: string, quote: string) {
  const { text } = articleText(html);
  const at = text.indexOf(quote);
  expect(at).toBeGreaterThanOrEqual(0);
  return describeRange(text, at, at + quote.length);
}

const locate = (html: string, anchor: ReturnType<typeof select>) => {
  const { text } = articleText(html);
  const at = locateAnchor(text, anchor);
  return at && text.slice(at.start, at.end);
};

describe('article text', () => {
  it('is the text of the HTML with entities decoded and nothing added, mapped back to HTML offsets', () => {
    const t = articleText('<p>A &amp; B <em>c</em></p>\n<p>d</p>');
    expect(t.text).toBe('A & B c\nd');
    const html = '<p>A &amp; B <em>c</em></p>\n<p>d</p>';
    expect(html.slice(t.htmlOffset(4), t.htmlOffset(4) + 1)).toBe('B');
    expect(t.htmlRanges(0, 7).map((r) => html.slice(r.start, r.end))).toEqual(['A &amp; B ', 'c']);
  });
});

describe('anchoring a passage', () => {
  const anchor = select(ARTICLE, 'voted on Tuesday to close the old library');

  it('keeps a quote and a position taken from the article text', () => {
    expect(anchor.exact).toBe('voted on Tuesday to close the old library');
    expect(anchor.prefix).toBe('fter a long debate, the council ');
    expect(anchor.suffix).toBe(' on Mill Street.\nResidents said ');
    expect(articleText(ARTICLE).text.slice(anchor.start, anchor.end)).toBe(anchor.exact);
    expect(locate(ARTICLE, anchor)).toBe(anchor.exact);
  });

  it('stays attached when a word next to the passage is edited', () => {
    const edited = ARTICLE.replace('long debate', 'heated debate').replace('Mill Street', 'Mill Lane');
    expect(locate(edited, anchor)).toBe('voted on Tuesday to close the old library');
  });

  it('follows the passage when text before it grows, and when a word inside it changes', () => {
    const moved = ARTICLE.replace(
      '<h2>Library vote</h2>',
      '<h2>Library vote</h2>\n<p>Update: a long new paragraph was added at the top of this story.</p>',
    );
    expect(locate(moved, anchor)).toBe(anchor.exact);
    const reworded = ARTICLE.replace('to close the old library', 'to shut the old library');
    expect(locate(reworded, anchor)).toBe('voted on Tuesday to shut the old library');
    expect(reanchor(articleText(reworded).text, anchor)?.exact).toBe('voted on Tuesday to shut the old library');
  });

  it('detaches when the passage is deleted', () => {
    const deleted = ARTICLE.replace(' <strong>voted on Tuesday</strong> to close the old library on Mill Street.', ' moved on.');
    expect(locate(deleted, anchor)).toBeNull();
    const rewritten = ARTICLE.replace(/<p>The council met.*?<\/p>/, '<p>The story was rewritten from scratch with new facts.</p>');
    expect(locate(rewritten, anchor)).toBeNull();
  });

  it('picks the repeated quote whose context matches', () => {
    const html = '<p>The budget rose. Critics said the budget rose too fast for the town.</p>';
    const second = select(html, 'Critics said the budget rose'.slice(13));
    expect(second.prefix).toBe('The budget rose. Critics said ');
    const at = locateAnchor(articleText(html).text, { ...second, start: undefined, end: undefined });
    expect(at?.start).toBe(second.start);
  });

  it('ignores text of feedback panels: an old anchor whose context held panel text still attaches', () => {
    // Anchors saved before positions were kept took their context from the page, panel text included.
    const old = {
      exact: 'The mayor declined to comment',
      prefix: 'What do you think? Post comment ',
      suffix: ' & left early. 💬 3 comments',
    };
    expect(locate(ARTICLE, old)).toBe('The mayor declined to comment');
    const edited = ARTICLE.replace('The mayor declined', 'The mayor refused');
    expect(locate(edited, old)).toBe('The mayor refused to comment');
  });
});
