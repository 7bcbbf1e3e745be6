/**
 * The article's text as the anchoring code sees it (./text-quote.ts): every text node of the stored,
 * sanitized article HTML, entities decoded, nothing added between blocks. It equals the textContent a
 * browser computes for the same HTML, so offsets taken in the page (./dom.ts) and offsets computed here agree.
 */
import { Parser } from 'htmlparser2';

type Chunk = { text: number; html: number; htmlEnd: number; length: number; raw: boolean };

export type ArticleText = {
  text: string;
  /** Offset in the HTML of a text offset (an offset inside an entity maps to the entity's start). */
  htmlOffset: (textOffset: number) => number;
  /** Text chunks (text nodes, or single entities) overlapping [start, end), as HTML ranges. */
  htmlRanges: (start: number, end: number) => { start: number; end: number }[];
};

export function articleText(html: string): ArticleText {
  const chunks: Chunk[] = [];
  let text = '';
  const parser = new Parser(
    {
      ontext(data) {
        const htmlStart = parser.startIndex;
        const htmlEnd = parser.endIndex + 1;
        // htmlparser2 reports a decoded entity as its own chunk; plain text maps one to one.
        chunks.push({ text: text.length, html: htmlStart, htmlEnd, length: data.length, raw: htmlEnd - htmlStart === data.length });
        text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();

  const chunkAt = (offset: number) => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid].text <= offset) lo = mid;
      else hi = mid - 1;
    }
    return chunks[lo];
  };
  const htmlOffset = (offset: number) => {
    if (!chunks.length) return 0;
    if (offset >= text.length) {
      const last = chunks.at(-1)!;
      return last.htmlEnd;
    }
    const c = chunkAt(offset);
    return c.raw ? c.html + (offset - c.text) : c.html;
  };
  const htmlRanges = (start: number, end: number) => {
    const out: { start: number; end: number }[] = [];
    for (const c of chunks) {
      const s = Math.max(start, c.text);
      const e = Math.min(end, c.text + c.length);
      if (s >= e) continue;
      out.push(c.raw ? { start: c.html + (s - c.text), end: c.html + (e - c.text) } : { start: c.html, end: c.htmlEnd });
    }
    // Adjacent pieces (an entity inside a word) belong to one mark.
    return out.reduce<{ start: number; end: number }[]>((acc, r) => {
      const last = acc.at(-1);
      if (last && last.end === r.start) last.end = r.end;
      else acc.push({ ...r });
      return acc;
    }, []);
  };
  return { text, htmlOffset, htmlRanges };
}
