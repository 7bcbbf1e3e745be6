import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CommentNode } from '@/lib/dal/comments';
import { CommentList, type ThreadContext } from './comment-item';

const node = (id: number, extra: Partial<CommentNode> = {}): CommentNode => ({
  id,
  parentId: null,
  rootId: null,
  depth: 0,
  authorId: `u${id}`,
  authorName: `Reader ${id}`,
  authorHandle: `reader${id}`,
  bodyHtml: `<p>Body of ${id}</p>`,
  body: `Body of ${id}`,
  score: 3,
  upvotes: 4,
  downvotes: 1,
  replyCount: 0,
  createdAt: '2026-11-01T10:00:00.000Z',
  editedAt: null,
  deleted: false,
  pinned: false,
  anchor: null,
  feedbackPointId: null,
  status: 'approved',
  holdReason: null,
  replies: [],
  moreReplies: null,
  supporter: false,
  ...extra,
});
const ctx: ThreadContext = { articleId: 'a1', slug: 'the-story', back: '/article/the-story', open: true, maxDepth: 3 };
const render = (threads: CommentNode[], c = ctx) => renderToStaticMarkup(createElement(CommentList, { threads, ctx: c }));

describe('CommentItem: the cached, same-for-everyone markup', () => {
  it("has no forms: vote, reply and report are links to the comment's own page", () => {
    const html = render([node(7, { replyCount: 1, replies: [node(8, { parentId: 7, depth: 1 })] })]);
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<input');
    expect(html).toContain('<a href="/article/the-story/comments/7#respond" rel="nofollow" aria-label="Upvote"');
    expect(html).toContain('aria-label="Downvote"');
    expect(html.match(/href="\/article\/the-story\/comments\/8#respond"[^>]*>Reply</g)).toHaveLength(1);
    expect(html).toContain('>Report</a>');
    expect(html).toContain('href="/article/the-story/comments/7#comment-7"');
    expect(html).toContain('1 reply');
    expect(html).toContain('data-testid="score">3<');
  });

  it('renders the supporter badge with the comment, and a closed thread offers no reply', () => {
    const html = render([node(1, { supporter: true }), node(2)], { ...ctx, open: false });
    expect(html.match(/>Supporter</g)).toHaveLength(1);
    expect(html).not.toMatch(/>Reply</);
    expect(html).toContain('>Report</a>');
  });

  it("shows each author's picture or initials, the exact time on hover, and a Share link to the comment", () => {
    const html = render([
      node(1, { authorName: 'Robin Park', authorHandle: 'robin-park' }),
      node(2, { authorImage: '/media/avatars/u2.webp' }),
    ]);
    expect(html).toMatch(/<span aria-hidden="true"[^>]*>RP<\/span>/);
    expect(html).toContain('<img src="/media/avatars/u2.webp" alt=""');
    expect(html).not.toContain('rel="preload"');
    expect(html).toContain('<time dateTime="2026-11-01T10:00:00.000Z" title="Sun, 1 November 2026 at 10:00 UTC" data-relative="true">');
    expect(html).toContain('<a href="/article/the-story/comments/1#comment-1">Share</a>');
  });

  it('writes reply counts with thousands separators', () => {
    expect(render([node(1, { replyCount: 12_345 })])).toContain('12,345 replies');
  });

  it('stays small: under 2 KB of HTML per comment', () => {
    const threads = Array.from({ length: 15 }, (_, i) => node(i + 1, { bodyHtml: '<p>x</p>' }));
    expect(render(threads).length / 15).toBeLessThan(2048);
  });
});
