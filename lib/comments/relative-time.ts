/**
 * "5 minutes ago" for comment times. The cached thread carries the exact time (it is the same bytes for
 * hours); the enhancer rewrites it as a relative time in the browser, keeping the exact one in `title`.
 */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (Math.abs(seconds) < 60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

const exactFmt = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** The exact time, for the `title` of a relative one. */
export function exactTime(iso: string): string {
  return exactFmt.format(new Date(iso));
}

/** Rewrites every `time[data-relative]` under `root` as a relative time (call again to keep them current). */
export function updateRelativeTimes(root: ParentNode, now = Date.now()): void {
  for (const el of root.querySelectorAll<HTMLTimeElement>('time[data-relative]')) {
    const text = relativeTime(el.dateTime, now);
    if (text && el.textContent !== text) el.textContent = text;
  }
}
