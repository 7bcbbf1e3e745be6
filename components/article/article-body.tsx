/**
 * The article's sanitized HTML body (sanitized when saved by the newsroom), with inline feedback: each staff
 * feedback point's passage is marked, with a marker and count beside it, and a panel after its paragraph
 * where readers read and write comments on it (works without JavaScript). Readers can also select any
 * passage and comment on it (SelectionComment).
 */
import { FeedbackPanel } from '@/components/comments/feedback-panel';
import { SelectionComment } from '@/components/comments/selection-comment';
import { PassageHighlights } from '@/components/comments/passage-highlights';
import { listFeedbackPoints, listInlineAnchors } from '@/lib/dal/comments';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Point = Awaited<ReturnType<typeof listFeedbackPoints>>[number];

/** Splits the body after the block holding each point's passage, marking the passage. */
function splitAtPoints(html: string, points: Point[]): { html: string; point?: Point }[] {
  const found: { at: number; len: number; end: number; point: Point; text: string }[] = [];
  for (const point of points) {
    for (const text of [point.quote, esc(point.quote)]) {
      const at = html.indexOf(text);
      if (at < 0) continue;
      const close = /<\/(p|li|blockquote|ul|ol|h[2-6])>/g;
      close.lastIndex = at + text.length;
      const m = close.exec(html);
      if (!m) continue;
      found.push({ at, len: text.length, end: m.index + m[0].length, point, text });
      break;
    }
  }
  found.sort((a, b) => a.at - b.at);
  const parts: { html: string; point?: Point }[] = [];
  let pos = 0;
  for (const f of found) {
    if (f.at < pos) continue;
    const marker = `<a href="#feedback-${f.point.id}" class="feedback-marker" data-anchor-ignore aria-label="${f.point.count} ${f.point.count === 1 ? 'comment' : 'comments'} on this passage">💬&nbsp;${f.point.count}</a>`;
    parts.push({
      html: `${html.slice(pos, f.at)}<mark class="feedback-passage" id="passage-${f.point.id}">${f.text}</mark>${marker}${html.slice(f.at + f.len, f.end)}`,
      point: f.point,
    });
    pos = f.end;
  }
  parts.push({ html: html.slice(pos) });
  return parts;
}

export async function ArticleBody({ html, articleId, slug, commentsOpen = true }: { html: string; articleId: string; slug?: string; commentsOpen?: boolean }) {
  const [points, anchors] = await Promise.all([listFeedbackPoints(articleId), listInlineAnchors(articleId)]);
  // The markup of the body changes with the feedback counts: highlights are laid again when it does.
  const revision = points.map((p) => p.count).join(',');
  const parts = points.length ? splitAtPoints(html, points) : [{ html }];
  const back = slug ? `/article/${slug}` : '/';
  return (
    <>
      <div className="prose-article" id={`article-body-${articleId}`} data-article-body>
        {parts.map((p, i) => (
          <div key={i}>
            <div data-body-part dangerouslySetInnerHTML={{ __html: p.html }} />
            {/* Not article text: left out of inline comments' anchors (lib/anchoring/dom.ts). */}
            {p.point && <div data-anchor-ignore><FeedbackPanel point={p.point} articleId={articleId} back={back} open={commentsOpen} /></div>}
          </div>
        ))}
      </div>
      {slug && <PassageHighlights containerId={`article-body-${articleId}`} slug={slug} anchors={anchors} revision={revision} />}
      {commentsOpen && slug && <SelectionComment articleId={articleId} back={back} containerId={`article-body-${articleId}`} />}
    </>
  );
}
