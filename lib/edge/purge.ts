/**
 * The edge purge (issue #26, docs/edge.md): once tags are in force at the origin (lib/cache-invalidate.ts
 * `onExpired`, the one place every invalidation reaches, after the write committed, on the instance that
 * made it), the keys of those tags (lib/cache-handlers/edge-keys.mjs, the same keys the pages carry) are
 * purged from the cache in front: Varnish (HTTP PURGE with `xkey-purge`), Fastly (surrogate-key purge API)
 * or Cloudflare (purge by cache tag).
 *
 * Never in the write's way: `enqueue` only notes the keys; a flush on the next turn of the event loop sends
 * them, batched (each vendor's most keys per call, in as few calls as that allows; keys arriving while a
 * call is out go in the next one), and retries a failed call (network error, 429, 5xx) with exponential
 * backoff. A batch that still fails is dropped and logged: one line when purging starts failing, one when
 * it works again (with what was lost meanwhile), never a line per write.
 *
 * One purge per write is enough across instances: the instance that wrote purges after its tags were
 * published to Redis (tag-sync), so whichever instance the edge refetches from renders fresh.
 */
import { z } from 'zod';
import { edgeHeaders, edgeKeys } from '@/lib/cache-handlers/edge-keys.mjs';

export type PurgeVendor = {
  name: 'varnish' | 'fastly' | 'cloudflare';
  /** Most keys in one call. */
  maxKeys: number;
  /** Sends one purge; throws a PurgeError (retry or not) when it was not done. */
  send(keys: string[]): Promise<void>;
};

export class PurgeError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

const blank = (v: unknown) => (v === '' ? undefined : v);
const schema = z.discriminatedUnion('EDGE_PURGE', [
  z.object({
    EDGE_PURGE: z.literal('varnish'),
    /** One or more Varnish addresses, comma-separated: each gets every purge. */
    EDGE_PURGE_URL: z.string().transform((v, ctx) => {
      const urls = v
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      for (const u of urls)
        if (!z.url({ protocol: /^https?$/ }).safeParse(u).success) ctx.addIssue({ code: 'custom', message: `not an http(s) URL: ${u}` });
      if (!urls.length) ctx.addIssue({ code: 'custom', message: 'at least one URL' });
      return urls;
    }),
  }),
  z.object({
    EDGE_PURGE: z.literal('fastly'),
    FASTLY_SERVICE_ID: z.string().min(1),
    FASTLY_API_TOKEN: z.string().min(1),
    /** Tests point this at a local server. */
    FASTLY_API_URL: z.preprocess(blank, z.url().default('https://api.fastly.com')),
  }),
  z.object({
    EDGE_PURGE: z.literal('cloudflare'),
    CLOUDFLARE_ZONE_ID: z.string().min(1),
    CLOUDFLARE_API_TOKEN: z.string().min(1),
    CLOUDFLARE_API_URL: z.preprocess(blank, z.url().default('https://api.cloudflare.com/client/v4')),
  }),
]);

/** Time out one purge call: a hung edge must not hold keys (or sockets) forever. */
const CALL_TIMEOUT_MS = 10_000;

async function call(url: string, init: RequestInit, ok: (res: Response) => Promise<void> | void = () => {}): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  } catch (err) {
    throw new PurgeError(`${(err as Error).message}`, true);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).slice(0, 200);
    throw new PurgeError(`HTTP ${res.status} ${text}`.trim(), res.status === 429 || res.status >= 500);
  }
  await ok(res);
}

/** The vendor configured by this environment, or null (no EDGE_PURGE, or `none`). Fails loudly on a bad setting. */
export function purgeVendor(env: Record<string, string | undefined> = process.env): PurgeVendor | null {
  const kind = env.EDGE_PURGE;
  if (!kind || kind === 'none' || kind === 'off') return null;
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`Invalid edge purge settings (EDGE_PURGE=${kind}):\n${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  switch (c.EDGE_PURGE) {
    case 'varnish':
      return {
        name: 'varnish',
        // vmod xkey takes the keys space-separated in one header; Varnish's default header line limit is 8 KB.
        maxKeys: 100,
        async send(keys) {
          await Promise.all(c.EDGE_PURGE_URL.map((url) => call(url, { method: 'PURGE', headers: { 'xkey-purge': keys.join(' ') } })));
        },
      };
    case 'fastly':
      return {
        name: 'fastly',
        // Fastly's bulk purge takes at most 256 surrogate keys per request.
        maxKeys: 256,
        async send(keys) {
          await call(`${c.FASTLY_API_URL.replace(/\/$/, '')}/service/${encodeURIComponent(c.FASTLY_SERVICE_ID)}/purge`, {
            method: 'POST',
            headers: { 'fastly-key': c.FASTLY_API_TOKEN, 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ surrogate_keys: keys }),
          });
        },
      };
    case 'cloudflare':
      return {
        name: 'cloudflare',
        // Cloudflare takes at most 100 tags per purge call (every plan); rate limits are per account.
        maxKeys: 100,
        async send(keys) {
          await call(
            `${c.CLOUDFLARE_API_URL.replace(/\/$/, '')}/zones/${encodeURIComponent(c.CLOUDFLARE_ZONE_ID)}/purge_cache`,
            {
              method: 'POST',
              headers: { authorization: `Bearer ${c.CLOUDFLARE_API_TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify({ tags: keys }),
            },
            async (res) => {
              const body = (await res.json().catch(() => null)) as { success?: boolean; errors?: { message?: string }[] } | null;
              if (body?.success !== true)
                throw new PurgeError(`refused: ${body?.errors?.map((e) => e.message).join('; ') || 'no success'}`, false);
            },
          );
        },
      };
  }
}

export type Purger = {
  /** Notes the tags of an invalidation; returns at once. */
  enqueue(tags: Iterable<string>): void;
  /** Resolves once everything enqueued so far was sent, or given up on (tests, shutdown). */
  idle(): Promise<void>;
  readonly stats: { calls: number; purgedKeys: number; failedBatches: number };
};

export function createPurger(
  vendor: PurgeVendor,
  opts: {
    /** Attempts per batch, the first included. */
    attempts?: number;
    /** Delay before the first retry; doubles each time. */
    backoffMs?: number;
    /** Waits between attempts (tests pass one that does not sleep). */
    wait?: (ms: number) => Promise<void>;
    log?: (line: string) => void;
  } = {},
): Purger {
  const attempts = opts.attempts ?? 5;
  const backoffMs = opts.backoffMs ?? 250;
  const wait = opts.wait ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms).unref?.()));
  const log = opts.log ?? ((line) => console.error(line));
  const pending = new Set<string>();
  let running: Promise<void> | null = null;
  let failing: { since: number; batches: number; keys: number } | null = null;
  const stats = { calls: 0, purgedKeys: 0, failedBatches: 0 };

  async function sendBatch(keys: string[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        stats.calls += 1;
        await vendor.send(keys);
        stats.purgedKeys += keys.length;
        if (failing) {
          log(
            `[edge] ${vendor.name} purge working again after ${Math.round((Date.now() - failing.since) / 1000)} s; ` +
              `${failing.batches} batch(es), ${failing.keys} key(s) were not purged (their pages stay at the edge until they expire)`,
          );
          failing = null;
        }
        return;
      } catch (err) {
        const retry = err instanceof PurgeError ? err.retry : true;
        if (retry && attempt < attempts) {
          await wait(backoffMs * 2 ** (attempt - 1));
          continue;
        }
        stats.failedBatches += 1;
        if (!failing) {
          failing = { since: Date.now(), batches: 0, keys: 0 };
          log(
            `[edge] ${vendor.name} purge failed after ${attempt} attempt(s), ${keys.length} key(s) not purged: ${(err as Error).message}`,
          );
        }
        failing.batches += 1;
        failing.keys += keys.length;
        return;
      }
    }
  }

  async function drain() {
    // Let the rest of this turn's invalidations join the batch.
    await new Promise<void>((r) => setImmediate(r));
    while (pending.size) {
      const keys = [...pending];
      pending.clear();
      for (let i = 0; i < keys.length; i += vendor.maxKeys) await sendBatch(keys.slice(i, i + vendor.maxKeys));
    }
    running = null;
  }

  return {
    stats,
    enqueue(tags) {
      for (const key of edgeKeys(tags)) pending.add(key);
      if (pending.size && !running) running = drain();
    },
    async idle() {
      while (running) await running;
    },
  };
}

const KEY = Symbol.for('broadsheet.edge-purger');
type Holder = { [KEY]?: { purger: Purger; stop: () => void } | null };

/**
 * Starts purging the configured edge on every invalidation of this instance (instrumentation.ts); nothing
 * without EDGE_PURGE. Once per process.
 */
export function startEdgePurge(onExpired: (listener: (tags: string[]) => void) => () => void): Purger | null {
  const g = globalThis as Holder;
  if (g[KEY] !== undefined) return g[KEY]?.purger ?? null;
  const vendor = purgeVendor();
  edgeHeaders(['settings']); // EDGE_MAX_AGE / EDGE_STALE: a bad value fails at start, not at every page
  if (!vendor) {
    g[KEY] = null;
    return null;
  }
  const purger = createPurger(vendor);
  g[KEY] = { purger, stop: onExpired((tags) => purger.enqueue(tags)) };
  console.log(`[edge] purging ${vendor.name} on every invalidation`);
  return purger;
}

/** The running purger, if any (for /api/health). */
export function edgePurger(): Purger | null {
  return (globalThis as Holder)[KEY]?.purger ?? null;
}
