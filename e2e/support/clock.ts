/**
 * The server's clock (lib/clock.ts `now()`), moved through the e2e-only route /api/test/publishing, so a test
 * reaches a publish time or the end of a waiting period without sleeping. One clock per server: a test that
 * sets it absolutely (publishing.spec) puts it back after; everything else only moves it forward.
 */
import { expect, type APIRequestContext } from '@playwright/test';

export type ClockAnswer = { now: string; published: { id: string; slug: string }[]; invalidated: string[] };

export class ServerClock {
  constructor(private readonly request: APIRequestContext) {}

  /** Sets the clock to `at` (null: the system time) and, unless `tick` is false, runs one publish-job tick. */
  async set(at: Date | null, tick = true): Promise<ClockAnswer> {
    const res = await this.request.post('/api/test/publishing', { data: { now: at?.toISOString() ?? null, tick } });
    expect(res.status()).toBe(200);
    return (await res.json()) as ClockAnswer;
  }

  /** What the server's clock reads now. */
  async now(): Promise<Date> {
    const res = await this.request.get('/api/test/publishing');
    expect(res.status()).toBe(200);
    return new Date(((await res.json()) as { now: string }).now);
  }

  /** Moves the clock `ms` forward from where it is (no publish tick). */
  async advance(ms: number): Promise<void> {
    await this.set(new Date((await this.now()).getTime() + ms), false);
  }
}
