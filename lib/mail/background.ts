import 'server-only';
/**
 * Slow work that must not be on the request path (token creation, hashing, sending mail): an answer that
 * arrives as fast for an unknown address as for a known one reveals nothing about which accounts exist.
 * Inside a Next request the task runs with `after()` once the response is sent; elsewhere (CLI, tests) it
 * starts detached. `settleBackground()` waits for every started task (tests, graceful shutdown).
 */
import { after } from 'next/server';

type Holder = { pending: Set<Promise<void>> };
const holder: Holder = ((globalThis as { __broadsheetBackground?: Holder }).__broadsheetBackground ??= { pending: new Set() });

function track(task: () => Promise<void>): Promise<void> {
  const p = Promise.resolve()
    .then(task)
    .catch((err) => console.error('[background]', (err as Error)?.message ?? err))
    .finally(() => holder.pending.delete(p));
  holder.pending.add(p);
  return p;
}

/** Runs `task` after the response (errors are logged, never shown: the caller has already answered). */
export function runInBackground(task: () => Promise<void>): void {
  try {
    after(() => track(task));
  } catch {
    // Not inside a request (tests, CLI scripts): start it now, detached from the caller.
    setImmediate(() => void track(task));
  }
}

/** Resolves when every background task started so far (and any they start) has finished. */
export async function settleBackground(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  while (holder.pending.size) {
    await Promise.all([...holder.pending]);
    await new Promise((r) => setImmediate(r));
  }
}
