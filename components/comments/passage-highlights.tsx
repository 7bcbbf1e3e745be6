'use client';
import { useEffect } from 'react';
import type { TextAnchor } from '@/db/schema/comments';
import { IGNORE, rootText, wrapText } from '@/lib/anchoring/dom';
import { locateAnchor } from '@/lib/anchoring/text-quote';

type Props = { containerId: string; slug: string; anchors: { id: number; anchor: TextAnchor }[]; revision?: string };

const MARK = 'comment-passage';

/** Removes what an earlier run added, so a re-run (new comments, a refreshed body) starts from the article. */
function clear(root: Element) {
  root.querySelectorAll('[data-passage-added]').forEach((el) => el.remove());
  root.querySelectorAll(`mark.${MARK}`).forEach((m) => m.replaceWith(...m.childNodes));
  root.normalize();
}

/** Brings a passage into view when the address names it (#passage-c<comment id>), and focuses its count. */
function showTarget(root: Element) {
  const m = /^#passage-c(\d+)$/.exec(location.hash);
  if (!m) return;
  const spot = document.getElementById(`passage-c${m[1]}`);
  if (!spot || !root.contains(spot)) return;
  root.querySelectorAll('.is-target').forEach((el) => el.classList.remove('is-target'));
  const group = spot.dataset.group;
  const marks = [...root.querySelectorAll<HTMLElement>(`mark[data-group="${group}"]`)];
  marks.forEach((el) => el.classList.add('is-target'));
  marks[0]?.scrollIntoView({ block: 'center' });
  root.querySelector<HTMLElement>(`a[data-group="${group}"]`)?.focus({ preventScroll: true });
}

/**
 * Highlights the passages readers commented on, in the cached article markup, after load: each passage is
 * re-anchored in the current text (lib/anchoring), marked, and followed by a count that links to its
 * comments; a comment's quote links back here (#passage-c<id>). Nothing depends on the reader, so the page
 * stays the same for everyone. Comments whose passage was edited away are not shown here (their permalink
 * says they are detached).
 */
export function PassageHighlights({ containerId, slug, anchors, revision }: Props) {
  useEffect(() => {
    const root = document.getElementById(containerId);
    if (!root) return;
    clear(root);
    const text = rootText(root);
    const groups = new Map<string, { start: number; end: number; ids: number[] }>();
    for (const { id, anchor } of anchors) {
      const at = locateAnchor(text, anchor);
      if (!at) continue;
      const key = `${at.start}:${at.end}`;
      const g = groups.get(key) ?? { start: at.start, end: at.end, ids: [] };
      g.ids.push(id);
      groups.set(key, g);
    }
    for (const [key, g] of groups) {
      const marks = wrapText(root, g.start, g.end, () => {
        const m = document.createElement('mark');
        m.className = MARK;
        m.dataset.group = key;
        return m;
      });
      if (!marks.length) continue;
      for (const id of g.ids) {
        const spot = document.createElement('span');
        spot.id = `passage-c${id}`;
        spot.dataset.group = key;
        spot.setAttribute(IGNORE, '');
        spot.setAttribute('data-passage-added', '');
        marks[0].before(spot);
      }
      const first = g.ids[0];
      const count = document.createElement('a');
      const n = g.ids.length;
      count.href = document.getElementById(`comment-${first}`)
        ? `#comment-${first}`
        : `/article/${slug}/comments/${first}#comment-${first}`;
      count.className = 'passage-count';
      count.dataset.group = key;
      count.setAttribute(IGNORE, '');
      count.setAttribute('data-passage-added', '');
      count.setAttribute(
        'aria-label',
        `${n.toLocaleString('en-US')} ${n === 1 ? 'comment' : 'comments'} on the passage “${text.slice(g.start, g.end).slice(0, 60)}”`,
      );
      count.textContent = `💬 ${n.toLocaleString('en-US')}`;
      marks.at(-1)!.after(count);
    }
    showTarget(root);
    const onHash = () => showTarget(root);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [containerId, slug, anchors, revision]);
  return null;
}
