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
import { articleText } from '@/lib/anchoring/html';
import { locateAnchor } from '@/lib/anchoring/text-quote';

type Point = Awaited<ReturnType<typeof listFeedbackPoints>>[number];

/**
 * Splits the body after the block holding each point's passage, marking the passage. The passage is found
 * in the article's text like an inline comment's (lib/anchoring), so it may cross inline tags, and staff
 * edits around it since it was marked keep it in place.
 */
function splitAtPoints(html: string, points: Point[]): { html: string; point?: Point }[] {
  const body = articleText(html);
  const found: { at: number; end: number; ranges: { start: number; end: number }[]; point: Point }[] = [];
  for (const point of points) {
    const at = locateAnchor(body.text, { exact: point.quote, prefix: point.prefix, suffix: point.suffix });
    if (!at) continue;
    const ranges = body.htmlRanges(at.start, at.end);
    if (!ranges.length) continue;
    const close = /<\/(p|li|blockquote|ul|ol|h[2-6]|aside|figure|pre)>/g;
    close.lastIndex = ranges.at(-1)!.end;
    const m = close.exec(html);
    if (!m) continue;
    found.push({ at: ranges[0].start, end: m.index + m[0].length, ranges, point });
  }
  found.sort((a, b) => a.at - b.at);
  const parts: { html: string; point?: Point }[] = [];
  let pos = 0;
  for (const f of found) {
    if (f.at < pos) continue;
    const marker = `<a href="#feedback-${f.point.id}" class="feedback-marker" data-anchor-ignore aria-label="${f.point.count} ${f.point.count === 1 ? 'comment' : 'comments'} on this passage">💬&nbsp;${f.point.count}</a>`;
    let out = '';
    let cur = pos;
    f.ranges.forEach((r, i) => {
      out += `${html.slice(cur, r.start)}<mark class="feedback-passage"${i === 0 ? ` id="passage-${f.point.id}"` : ''}>${html.slice(r.start, r.end)}</mark>`;
      cur = r.end;
    });
    parts.push({ html: `${out}${marker}${html.slice(cur, f.end)}`, point: f.point });
    pos = f.end;
  }
  parts.push({ html: html.slice(pos) });
  return parts;
}

export async function ArticleBody({
  html,
  articleId,
  slug,
  commentsOpen = true,
}: {
  html: string;
  articleId: string;
  slug?: string;
  commentsOpen?: boolean;
}) {
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
            {p.point && (
              <div data-anchor-ignore>
                <FeedbackPanel point={p.point} articleId={articleId} back={back} open={commentsOpen} />
              </div>
            )}
          </div>
        ))}
      </div>
      {slug && <PassageHighlights containerId={`article-body-${articleId}`} slug={slug} anchors={anchors} revision={revision} />}
      {commentsOpen && slug && <SelectionComment articleId={articleId} back={back} containerId={`article-body-${articleId}`} />}
    </>
  );
}
