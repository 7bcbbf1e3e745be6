/**
 * Anchoring a passage in an article's text, as Hypothesis does: a quote selector (the exact passage with a
 * little context each side) plus a position selector (start/end offsets in the text). The text is the
 * article's own text only (lib/anchoring/html.ts on the server, ./dom.ts in the browser): never feedback
 * panels, markers or other page furniture. Re-anchoring after the text was edited is fuzzy: the quote is
 * searched with approx-string-match (edit distance), and the candidates are ranked by how well the quote,
 * the context and the old position still fit.
 *
 * Pure and dependency-light, so the server (is this comment still attached?) and the browser (highlights)
 * run the same code.
 */
import search from 'approx-string-match';
import type { TextAnchor } from '@/db/schema/comments';

export type { TextAnchor };
export type Located = { start: number; end: number; errors: number };

/** Characters of context kept on each side of the passage. */
export const CONTEXT_CHARS = 32;

/** The anchor of text[start, end). */
export function describeRange(text: string, start: number, end: number, context = CONTEXT_CHARS): TextAnchor {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - context), start),
    suffix: text.slice(end, end + context),
    start,
    end,
  };
}

/** Fewest edits that turn `pattern` into some substring of `text` (pattern.length when nothing is close). */
function bestErrors(text: string, pattern: string): number {
  if (!pattern) return 0;
  if (text.includes(pattern)) return 0;
  const found = search(text, pattern, Math.floor(pattern.length / 2));
  return found.length ? Math.min(...found.map((m) => m.errors)) : pattern.length;
}

/** 0..1: how well `pattern` still sits in `window` (1 when there is nothing to compare). */
function similarity(window: string, pattern: string): number {
  if (!pattern) return 1;
  return 1 - bestErrors(window, pattern) / pattern.length;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

/**
 * Where the anchored passage is in `text` now, or null when it is gone ("detached").
 * A quote found word for word is attached whatever happened around it (the context only chooses between
 * repeats); a quote found with edits is attached when few characters changed (a tenth), when up to a
 * quarter changed and the text on one side still matches the stored context, or when up to half changed
 * and both sides still match (a sentence reworded in place). Anything else is a different passage.
 */
export function locateAnchor(text: string, anchor: TextAnchor): Located | null {
  const exact = anchor.exact;
  if (!exact.trim()) return null;
  const maxErrors = Math.min(256, Math.floor(exact.length / 2));
  let candidates: Located[] = [];
  for (let at = text.indexOf(exact); at >= 0 && candidates.length < 50; at = text.indexOf(exact, at + 1)) {
    candidates.push({ start: at, end: at + exact.length, errors: 0 });
  }
  if (!candidates.length) candidates = search(text, exact, maxErrors);
  if (!candidates.length) return null;
  // approx-string-match reports each end position; keep the few with the fewest errors.
  const fewest = Math.min(...candidates.map((c) => c.errors));
  candidates = candidates.filter((c) => c.errors <= fewest + 2).slice(0, 100);

  const ctx = CONTEXT_CHARS + 8;
  let best: { c: Located; score: number; quote: number; before: number; after: number } | null = null;
  for (const c of candidates) {
    const quote = 1 - c.errors / exact.length;
    // The context next to the quote counts most: the far end may be an edited word, or (in anchors saved
    // before this code) text of a feedback panel.
    const textBefore = text.slice(Math.max(0, c.start - ctx), c.start);
    const textAfter = text.slice(c.end, c.end + ctx);
    const prefix = anchor.prefix.slice(-CONTEXT_CHARS);
    const suffix = anchor.suffix.slice(0, CONTEXT_CHARS);
    const before = Math.max(similarity(textBefore, prefix), similarity(textBefore.slice(-ctx / 2), prefix.slice(-CONTEXT_CHARS / 2)));
    const after = Math.max(similarity(textAfter, suffix), similarity(textAfter.slice(0, ctx / 2), suffix.slice(0, CONTEXT_CHARS / 2)));
    const position = anchor.start == null ? 1 : 1 - Math.abs(c.start - anchor.start) / Math.max(1, text.length);
    const score = 50 * quote + 20 * before + 20 * after + 2 * position;
    if (!best || score > best.score) best = { c, score, quote, before, after };
  }
  if (!best) return null;
  const minor = best.c.errors <= Math.max(1, Math.floor(exact.length * 0.1)) || sameText(text.slice(best.c.start, best.c.end), exact);
  const bothSides = Math.min(best.before, best.after) >= 0.75;
  const oneSide = Math.max(best.before, best.after) >= 0.75;
  if (minor || (best.quote >= 0.5 && bothSides) || (best.quote >= 0.75 && oneSide))
    return best.c.errors ? snap(text, best.c, anchor) : best.c;
  return null;
}

/**
 * An edited quote's edges, moved to where the context now meets it: the cheapest match of "for the tide"
 * in "for the high tide" is "for the hi", but the suffix (" to turn") still starts right after "tide".
 */
function snap(text: string, c: Located, anchor: TextAnchor): Located {
  const reach = c.errors + 4;
  const nearest = (needle: string, around: number, after: boolean) => {
    if (needle.length < 4) return null;
    let best: number | null = null;
    for (
      let at = text.indexOf(needle, Math.max(0, around - reach - (after ? needle.length : 0)));
      at >= 0 && at <= around + reach;
      at = text.indexOf(needle, at + 1)
    ) {
      const edge = after ? at + needle.length : at;
      if (best === null || Math.abs(edge - around) < Math.abs(best - around)) best = edge;
    }
    return best;
  };
  const start = nearest(anchor.prefix.slice(-8), c.start, true) ?? c.start;
  const end = nearest(anchor.suffix.slice(0, 8), c.end, false) ?? c.end;
  const length = end - start;
  if (length <= 0 || Math.abs(length - anchor.exact.length) > anchor.exact.length / 2) return c;
  return { start, end, errors: c.errors };
}

/** The anchor re-described at its current place in `text` (fresh quote, context and position), or null. */
export function reanchor(text: string, anchor: TextAnchor): TextAnchor | null {
  const at = locateAnchor(text, anchor);
  return at ? describeRange(text, at.start, at.end) : null;
}
