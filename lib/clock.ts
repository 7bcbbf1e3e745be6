/**
 * The application's clock for time-driven work (the publish job, schedule validation). Normally the
 * system time; e2e runs (BROADSHEET_E2E=1) may move it through app/api/test/publishing so a test can
 * reach a publish time without waiting. The offset lives on globalThis because Next may load this module
 * more than once in one server (route handlers, instrumentation).
 */
const KEY = Symbol.for('broadsheet.clock-offset-ms');
type Holder = { [KEY]?: number };

export function now(): Date {
  return new Date(Date.now() + ((globalThis as Holder)[KEY] ?? 0));
}

/** Moves the clock so that now() reads `at` (null: back to system time). Tests and the e2e route only. */
export function setNow(at: Date | null): void {
  (globalThis as Holder)[KEY] = at ? at.getTime() - Date.now() : 0;
}
