import 'server-only';
/**
 * The live-comments hub of one process: one LISTEN on the comment events channel, one database read per event
 * (lib/dal/comments/live.ts loadLiveComment), one encoded SSE frame per event, written as the same bytes to
 * every open stream of the article. Readers need no request of their own to show a comment: the frame
 * carries what the thread shows (author, avatar, sanitized HTML, time, passage, flags).
 *
 * - Visibility: only what any reader may see becomes a frame. A held comment records no event at all; an
 *   event whose comment is no longer visible when it is read (held again, removed, article unpublished) is
 *   sent as `remove` (an id, no content) or dropped.
 * - Resume: frames carry the event id (the `comment_live_events` row id, the same on every instance). Each
 *   article keeps its last LIVE_BACKLOG_EVENTS frames for LIVE_BACKLOG_SECONDS; a reader that reconnects with
 *   Last-Event-ID gets what it missed from there, or, beyond it, one `gap` frame with the number of new
 *   comments (the page offers to show them, one load).
 * - Backpressure: a stream whose unsent bytes pass LIVE_STREAM_MAX_BUFFER_BYTES is ended (LiveClient.send
 *   returns false); the browser reconnects and resumes.
 * The transports (lib/comments/live-http.ts for the Node server, app/api/comments/stream for `next dev`)
 * implement LiveClient.
 */
import { getDatabase } from '@/db/client';
import {
  countNewCommentsSince,
  latestLiveEventId,
  LIVE_CHANNEL,
  loadLiveComment,
  type LiveComment,
  type LiveNotice,
} from '@/lib/dal/comments/live';
import { scheduleFlush } from '@/lib/mail/comment-notifications';

/** One open stream, as the hub sees it. */
export type LiveClient = {
  /** Queues a frame; false when the stream is gone or was ended for going over its buffer ceiling. */
  send(frame: Uint8Array): boolean;
  /** Ends the stream (shutdown). */
  close(): void;
};

/** The events a page receives (`event:` field) and their data. */
export type LiveFrame =
  | { event: 'comment' | 'update'; data: LiveComment }
  | { event: 'delete' | 'remove'; data: { id: number } }
  | { event: 'gap'; data: { missed: number } };

type Entry = { id: number; at: number; frame: Uint8Array };
type Topic = { clients: Set<LiveClient>; backlog: Entry[]; evictedUpTo: number };
export type LiveStats = { streams: number; notices: number; reads: number; frames: number; bytes: number; ended: number };
type Hub = {
  topics: Map<string, Topic>;
  streams: Set<LiveClient>;
  listening?: Promise<void>;
  unlisten?: () => Promise<void>;
  /** Events up to this id happened before this process listened: it cannot replay them. */
  startId: number;
  /** Notices are handled one after the other, so frames keep the order the database sent them in. */
  queue: Promise<void>;
  ticker?: ReturnType<typeof setInterval>;
  closing?: boolean;
  stats: LiveStats;
  /** Replaces the database read (tests). */
  load?: (commentId: number) => Promise<LiveComment | null>;
};

const hub: Hub = ((globalThis as { __broadsheetLiveHub?: Hub }).__broadsheetLiveHub ??= {
  topics: new Map(),
  streams: new Set(),
  startId: 0,
  queue: Promise.resolve(),
  stats: { streams: 0, notices: 0, reads: 0, frames: 0, bytes: 0, ended: 0 },
});

const intEnv = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};
/** How many frames each article keeps for resuming readers. */
export const backlogEvents = () => intEnv('LIVE_BACKLOG_EVENTS', 500);
/** How long (seconds) a frame stays in the backlog. */
export const backlogSeconds = () => intEnv('LIVE_BACKLOG_SECONDS', 900);
/** Unsent bytes at which a stream is ended (a stalled reader; it reconnects and resumes). */
export const maxBufferBytes = () => intEnv('LIVE_STREAM_MAX_BUFFER_BYTES', 256 * 1024);
/** Keep-alive comment interval: proxies close idle connections. */
const PING_MS = 25_000;

const encoder = new TextEncoder();
const PING = encoder.encode(': ping\n\n');

/** One SSE frame, encoded once for every stream. */
export function encodeFrame(f: LiveFrame, id?: number): Uint8Array {
  return encoder.encode(`${id !== undefined ? `id: ${id}\n` : ''}event: ${f.event}\ndata: ${JSON.stringify(f.data)}\n\n`);
}

function topicOf(articleId: string): Topic {
  let t = hub.topics.get(articleId);
  if (!t) hub.topics.set(articleId, (t = { clients: new Set(), backlog: [], evictedUpTo: 0 }));
  return t;
}

function trim(articleId: string, t: Topic, at = Date.now()) {
  const max = backlogEvents();
  const oldest = at - backlogSeconds() * 1000;
  let drop = Math.max(0, t.backlog.length - max);
  while (drop < t.backlog.length && t.backlog[drop].at < oldest) drop++;
  if (drop) {
    for (const e of t.backlog.slice(0, drop)) t.evictedUpTo = Math.max(t.evictedUpTo, e.id);
    t.backlog.splice(0, drop);
  }
  if (!t.backlog.length && !t.clients.size && !t.evictedUpTo) hub.topics.delete(articleId);
}

/** Streams written to per turn of the event loop: a crowd's fan-out must not hold up the requests in between. */
const SLICE = 1000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function sendTo(t: Topic, c: LiveClient, frame: Uint8Array) {
  if (c.send(frame)) {
    hub.stats.frames++;
    hub.stats.bytes += frame.length;
    return;
  }
  t.clients.delete(c);
  hub.streams.delete(c);
  hub.stats.ended++;
}

/** Writes a frame to every stream of the topic, SLICE streams per turn of the event loop. */
async function deliver(t: Topic, frame: Uint8Array): Promise<void> {
  if (t.clients.size <= SLICE) {
    for (const c of t.clients) sendTo(t, c, frame);
    return;
  }
  const all = [...t.clients];
  for (let i = 0; i < all.length; i += SLICE) {
    if (i) await nextTurn();
    for (const c of all.slice(i, i + SLICE)) if (t.clients.has(c)) sendTo(t, c, frame);
  }
}

/** What one notice becomes for readers (null: nothing they may see). The only database read per event. */
async function frameFor(n: LiveNotice): Promise<LiveFrame | null> {
  if (n.k === 'remove' || n.k === 'delete') return { event: n.k, data: { id: n.c } };
  hub.stats.reads++;
  const comment = await (hub.load ?? loadLiveComment)(n.c);
  if (!comment) return n.k === 'edit' ? { event: 'remove', data: { id: n.c } } : null;
  if (n.k === 'comment') return comment.deleted ? null : { event: 'comment', data: comment };
  return { event: 'update', data: comment };
}

/** Handles one NOTIFY (exported for tests): reads the comment once and sends its frame to the article's streams. */
export function ingest(n: LiveNotice): Promise<void> {
  hub.stats.notices++;
  hub.queue = hub.queue.then(async () => {
    let f: LiveFrame | null;
    try {
      f = await frameFor(n);
    } catch (err) {
      console.error('[live] could not read comment', n.c, (err as Error).message);
      return;
    }
    if (!f) return;
    const frame = encodeFrame(f, n.e);
    const t = topicOf(n.a);
    t.backlog.push({ id: n.e, at: Date.now(), frame });
    trim(n.a, t);
    await deliver(t, frame);
  });
  return hub.queue;
}

function parseNotice(payload: string): LiveNotice | null {
  try {
    const n = JSON.parse(payload) as Partial<LiveNotice>;
    if (!Number.isSafeInteger(n.e) || !Number.isSafeInteger(n.c) || typeof n.a !== 'string' || typeof n.k !== 'string') return null;
    return n as LiveNotice;
  } catch {
    return null;
  }
}

async function ensureListening() {
  hub.listening ??= (async () => {
    const db = await getDatabase();
    hub.unlisten = await db.listen(LIVE_CHANNEL, (payload) => {
      const n = parseNotice(payload);
      if (n) void ingest(n);
    });
    // Listening first, then the starting point: an event after it is heard, one before it is not replayed.
    hub.startId = await latestLiveEventId();
    hub.ticker ??= setInterval(tick, PING_MS);
    hub.ticker.unref?.();
    // The periodic notification flush runs in whichever process serves readers.
    scheduleFlush();
  })().catch((err) => {
    hub.listening = undefined;
    throw err;
  });
  return hub.listening;
}

/**
 * Starts listening when the server starts (instrumentation.ts), not at the first stream: an instance must have
 * heard every event since it started, or a reader moving to it from another instance could not resume there.
 * A database that is not reachable yet is tried again at the first stream.
 */
export function startLiveHub(): void {
  ensureListening().catch((err) => console.error('[live] not listening yet:', (err as Error).message));
}

/** Every PING_MS: a keep-alive to every stream (one timer for all), and old frames out of the backlogs. */
function tick() {
  const now = Date.now();
  for (const [id, t] of hub.topics) {
    trim(id, t, now);
    void deliver(t, PING);
  }
}

/**
 * What a reader resuming after `lastId` missed: the frames to send, or `gap` when the backlog does not reach
 * back that far (evicted, or from before this process listened).
 */
function missed(t: Topic, lastId: number): Entry[] | 'gap' {
  const i = t.backlog.findIndex((e) => e.id === lastId);
  if (i >= 0) return t.backlog.slice(i + 1);
  if (lastId >= Math.max(hub.startId, t.evictedUpTo)) return t.backlog.filter((e) => e.id > lastId);
  return 'gap';
}

/**
 * How many comments a page from event `lastId` lacks: one count, shared for a few seconds by every reader
 * resuming from the same id (after a restart every open page of a busy article reconnects with the one id its
 * cached thread carried).
 */
const counts = new Map<string, { at: number; n: Promise<number> }>();
function missedCount(articleId: string, lastId: number): Promise<number> {
  const key = `${articleId}:${lastId}`;
  const hit = counts.get(key);
  if (hit && Date.now() - hit.at < 5000) return hit.n;
  if (counts.size > 1000) counts.clear();
  const n = countNewCommentsSince(articleId, lastId).catch(() => 1);
  counts.set(key, { at: Date.now(), n });
  return n;
}

/**
 * Opens a stream of an article for `client` (after the transport wrote its headers): first what it missed
 * since `lastId` (its Last-Event-ID), then every new frame. Returns the function that unsubscribes it.
 */
export async function subscribe(articleId: string, lastId: number | null, client: LiveClient): Promise<() => void> {
  await ensureListening();
  const t = topicOf(articleId);
  const off = () => {
    if (t.clients.delete(client)) hub.streams.delete(client);
    if (!t.clients.size) trim(articleId, t);
  };
  const replay = lastId === null ? [] : missed(t, lastId);
  if (replay !== 'gap') {
    for (const e of replay) if (!client.send(e.frame)) return () => {};
  }
  t.clients.add(client);
  hub.streams.add(client);
  if (replay === 'gap' && lastId !== null) {
    // Beyond the backlog: how many comments the page lacks (one count), so it can offer to load them once.
    const count = await missedCount(articleId, lastId);
    const newest = Math.max(hub.startId, t.evictedUpTo, t.backlog.at(-1)?.id ?? 0);
    if (count > 0 && t.clients.has(client) && !client.send(encodeFrame({ event: 'gap', data: { missed: count } }, newest))) off();
  }
  return off;
}

/** Counters for the benchmark and /api/health (DB_QUERY_STATS=1). */
export function liveStats(): LiveStats {
  return { ...hub.stats, streams: hub.streams.size };
}

/** True once the process is shutting down: new streams are refused. */
export function liveShuttingDown(): boolean {
  return !!hub.closing;
}

/**
 * Shutdown (SIGTERM/SIGINT, see lib/shutdown.ts): an event stream never ends by itself, and the server waits for
 * every open response before it exits. Ends every stream (browsers reconnect to another instance after
 * `retry`, and resume) and the LISTEN subscription. Returns how many streams were closed.
 */
export async function closeLiveStreams(): Promise<number> {
  hub.closing = true;
  const ended = endEveryStream();
  clearInterval(hub.ticker);
  hub.ticker = undefined;
  const unlisten = hub.unlisten;
  hub.unlisten = undefined;
  hub.listening = undefined;
  await unlisten?.().catch(() => {});
  return ended;
}

/**
 * Ends every open stream as a network failure would (e2e runs: app/api/test/live-streams): each browser
 * reconnects and resumes with Last-Event-ID. Returns how many were ended.
 */
export function dropLiveStreams(): number {
  return endEveryStream();
}

/** Detaches every open stream from the hub and closes it; returns how many there were. */
function endEveryStream(): number {
  const streams = [...hub.streams];
  hub.streams.clear();
  for (const t of hub.topics.values()) t.clients.clear();
  for (const c of streams) {
    try {
      c.close();
    } catch {
      // already closed
    }
  }
  return streams.length;
}

/** Tests: forget every topic and counter, reopen for streams, optionally replace the database read. */
export async function resetLiveHubForTests(load?: Hub['load']): Promise<void> {
  await closeLiveStreams();
  hub.closing = false;
  hub.topics.clear();
  hub.startId = 0;
  hub.queue = Promise.resolve();
  hub.stats = { streams: 0, notices: 0, reads: 0, frames: 0, bytes: 0, ended: 0 };
  hub.load = load;
}
