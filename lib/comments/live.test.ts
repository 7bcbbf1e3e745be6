/**
 * The live-comments hub (lib/comments/live.ts) on a real database, through the real writes (post, edit, delete,
 * a moderator's removal) and the real LISTEN/NOTIFY: what open streams receive, that each event is read once
 * whatever the number of streams, what a held comment sends (nothing), resuming with Last-Event-ID from the
 * backlog and beyond it, and the buffer ceiling of the Node transport (lib/comments/live-http.ts).
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '@/db/client';
import { moderateComments } from '@/lib/dal/admin/moderation/comments';
import { deleteComment, editComment, postComment } from '@/lib/dal/comments';
import { actAs } from '@/lib/testing/fake-auth';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { closeLiveStreams, liveStats, resetLiveHubForTests, subscribe, type LiveClient } from './live';
import { serveLiveStream } from './live-http';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

type Frame = { id: number | null; event: string; data: Record<string, unknown> };
const decoder = new TextDecoder();
function parse(bytes: Uint8Array): Frame[] {
  return decoder
    .decode(bytes)
    .split('\n\n')
    .filter((block) => /^event: /m.test(block))
    .map((block) => ({
      id: /^id: (\d+)$/m.test(block) ? Number(/^id: (\d+)$/m.exec(block)![1]) : null,
      event: /^event: (.+)$/m.exec(block)![1],
      data: JSON.parse(/^data: (.+)$/m.exec(block)![1]) as Record<string, unknown>,
    }));
}

/** A stream as the hub sees it, collecting frames; `next(n)` waits (on events, not the clock) for the n-th. */
class Reader implements LiveClient {
  frames: Frame[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  send(frame: Uint8Array) {
    this.frames.push(...parse(frame));
    for (const w of this.waiters.filter((w) => this.frames.length >= w.n)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.frames.length < w.n);
    return true;
  }
  close() {}
  next(n: number): Promise<Frame> {
    if (this.frames.length >= n) return Promise.resolve(this.frames[n - 1]);
    return new Promise<void>((resolve) => this.waiters.push({ n, resolve })).then(() => this.frames[n - 1]);
  }
}

beforeAll(relaxPostingRules);
beforeEach(() => resetLiveHubForTests());
afterEach(() => {
  delete process.env.LIVE_BACKLOG_EVENTS;
  delete process.env.LIVE_STREAM_MAX_BUFFER_BYTES;
});
afterAll(async () => {
  await closeLiveStreams();
  await closeDatabase();
});

describe('the hub', () => {
  it('sends a new comment with everything a page shows to every stream of its article, reading it once', async () => {
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const other = await makeArticle();
    const readers = [new Reader(), new Reader(), new Reader()];
    const elsewhere = new Reader();
    for (const r of readers) await subscribe(article.id, null, r);
    await subscribe(other.id, null, elsewhere);
    const reads = liveStats().reads;

    const posted = await postComment(author, { articleId: article.id, body: 'The crossing needs **a light**.' });
    const frames = await Promise.all(readers.map((r) => r.next(1)));
    for (const f of frames) {
      expect(f.event).toBe('comment');
      expect(f.id).toBeGreaterThan(0);
      expect(f.data).toMatchObject({
        id: posted.id,
        parentId: null,
        depth: 0,
        authorId: author.id,
        authorName: author.name,
        authorHandle: author.handle,
        bodyHtml: '<p>The crossing needs <strong>a light</strong>.</p>',
        deleted: false,
        pinned: false,
        anchor: null,
      });
      expect(typeof f.data.createdAt).toBe('string');
      // No Markdown source and no moderation notes travel to readers.
      expect(f.data).not.toHaveProperty('body');
      expect(f.data).not.toHaveProperty('holdReason');
    }
    expect(frames.map((f) => f.id)).toEqual([frames[0].id, frames[0].id, frames[0].id]);
    expect(liveStats().reads - reads).toBe(1);
    expect(elsewhere.frames).toEqual([]);
  });

  it('never sends a held comment; sends edits, deletions and a moderator removal', async () => {
    const [author, held] = await makeUsers(2);
    const [moderator] = await makeUsers(1, { role: 'moderator' });
    const article = await makeArticle();
    const reader = new Reader();
    await subscribe(article.id, null, reader);

    const waiting = await postComment({ ...held, premoderated: true }, { articleId: article.id, body: 'Held back until approved' });
    expect(waiting.status).toBe('pending');
    const a = await postComment(author, { articleId: article.id, body: 'First version' });
    const b = await postComment(author, { articleId: article.id, body: 'Second comment' });
    // Events arrive in order: had the held comment sent anything, it would be first.
    expect((await reader.next(1)).data.id).toBe(a.id);
    expect((await reader.next(2)).data.id).toBe(b.id);

    await editComment(author, a.id, 'Corrected version');
    const edit = await reader.next(3);
    expect(edit).toMatchObject({ event: 'update', data: { id: a.id, bodyHtml: '<p>Corrected version</p>' } });
    expect(edit.data.editedAt).toBeTruthy();

    await deleteComment(author, a.id);
    expect(await reader.next(4)).toMatchObject({ event: 'delete', data: { id: a.id } });

    actAs(moderator.id);
    await moderateComments([b.id], 'trash');
    expect(await reader.next(5)).toMatchObject({ event: 'remove', data: { id: b.id } });

    // Approving the held one sends it now, like a fresh comment.
    await moderateComments([waiting.id], 'approve');
    expect(await reader.next(6)).toMatchObject({ event: 'comment', data: { id: waiting.id, bodyHtml: '<p>Held back until approved</p>' } });
    expect(reader.frames.filter((f) => f.event === 'comment').map((f) => f.data.id)).toEqual([a.id, b.id, waiting.id]);
  });

  it('a reader resuming with Last-Event-ID gets what it missed from the backlog, in order', async () => {
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const watcher = new Reader();
    await subscribe(article.id, null, watcher);
    const posted = [];
    for (const body of ['one', 'two', 'three']) posted.push(await postComment(author, { articleId: article.id, body }));
    await watcher.next(3);
    const [first] = watcher.frames;

    const back = new Reader();
    await subscribe(article.id, first.id, back);
    expect(back.frames.map((f) => f.data.id)).toEqual([posted[1].id, posted[2].id]);
    expect(back.frames.map((f) => f.id)).toEqual(watcher.frames.slice(1).map((f) => f.id));
    // It is live from there on.
    const four = await postComment(author, { articleId: article.id, body: 'four' });
    expect((await back.next(3)).data.id).toBe(four.id);
  });

  it('beyond the backlog, one `gap` frame with the number of new comments', async () => {
    process.env.LIVE_BACKLOG_EVENTS = '2';
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const watcher = new Reader();
    await subscribe(article.id, null, watcher);
    for (const body of ['a', 'b', 'c', 'd']) await postComment(author, { articleId: article.id, body });
    await watcher.next(4);

    const late = new Reader();
    await subscribe(article.id, watcher.frames[0].id, late);
    expect(late.frames).toHaveLength(1);
    expect(late.frames[0]).toMatchObject({ event: 'gap', data: { missed: 3 }, id: watcher.frames[3].id });
  });
});

describe('the Node transport', () => {
  /** A response nobody reads: every byte written stays unsent. */
  function stalledResponse() {
    const res = Object.assign(new EventEmitter(), {
      writableLength: 0,
      destroyed: false,
      headersSent: false,
      status: 0,
      removeHeader() {},
      writeHead(status: number) {
        res.status = status;
        res.headersSent = true;
        return res;
      },
      write(chunk: string | Uint8Array) {
        res.writableLength += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        return false;
      },
      end() {},
      destroy() {
        res.destroyed = true;
        res.emit('close');
      },
    });
    return res;
  }

  it('ends a stalled stream once its unsent bytes pass the ceiling, and keeps serving the others', async () => {
    process.env.LIVE_STREAM_MAX_BUFFER_BYTES = '2000';
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const req = { url: `/api/comments/stream?articleId=${article.id}`, headers: {}, socket: { setNoDelay() {} } };
    const res = stalledResponse();
    await serveLiveStream(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    expect(res.status).toBe(200);
    const healthy = new Reader();
    await subscribe(article.id, null, healthy);
    const ended = liveStats().ended;

    for (let i = 1; !res.destroyed; i++) {
      await postComment(author, { articleId: article.id, body: `Comment ${i}: ${'a long line of text '.repeat(20)}` });
      await healthy.next(i);
      expect(i).toBeLessThan(10);
    }
    expect(res.writableLength).toBeLessThanOrEqual(2000);
    expect(liveStats().ended - ended).toBe(1);
    const more = await postComment(author, { articleId: article.id, body: 'After the stalled reader left' });
    expect((await healthy.next(healthy.frames.length + 1)).data.id).toBe(more.id);
    expect(liveStats().streams).toBe(1);
  });
});
