/**
 * The article's text in the browser, matching lib/anchoring/html.ts on the server: the text nodes of the
 * article body, leaving out whatever the page adds inside it (feedback panels, markers, counts, the inline
 * comment form), which carry `data-anchor-ignore`.
 */
export const IGNORE = 'data-anchor-ignore';

function textNodes(root: Element): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      n.parentElement?.closest(`[${IGNORE}]`) && root.contains(n.parentElement.closest(`[${IGNORE}]`))
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const out: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

export function rootText(root: Element): string {
  return textNodes(root)
    .map((n) => n.data)
    .join('');
}

/** Offset in the article text of a DOM boundary point (a selection's start or end). */
export function textOffset(root: Element, container: Node, offset: number): number {
  const point = document.createRange();
  point.setStart(container, offset);
  let total = 0;
  for (const n of textNodes(root)) {
    if (n === container) return total + offset;
    // The whole node lies before the point: count it; the first node after the point ends the walk.
    if (point.comparePoint(n, n.length) <= 0) total += n.length;
    else break;
  }
  return total;
}

/**
 * Wraps text[start, end) in elements made by `make` (one per text node it crosses, skipping the blank text
 * between blocks), and returns them in document order.
 */
export function wrapText(root: Element, start: number, end: number, make: () => HTMLElement): HTMLElement[] {
  const pieces: { node: Text; from: number; to: number }[] = [];
  let pos = 0;
  for (const n of textNodes(root)) {
    const s = Math.max(start, pos);
    const e = Math.min(end, pos + n.length);
    if (s < e) pieces.push({ node: n, from: s - pos, to: e - pos });
    pos += n.length;
    if (pos >= end) break;
  }
  const out: HTMLElement[] = [];
  for (const { node, from, to } of pieces) {
    if (!node.data.slice(from, to).trim()) continue;
    let target = node;
    if (from > 0) target = target.splitText(from);
    if (to - from < target.length) target.splitText(to - from);
    const el = make();
    target.parentNode!.insertBefore(el, target);
    el.appendChild(target);
    out.push(el);
  }
  return out;
}
