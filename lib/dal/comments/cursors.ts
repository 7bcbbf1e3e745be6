/**
 * Cursors of the keyset-paged thread reads: an opaque base64url of [sort key, id], the sort key being the
 * timestamp's exact text or the score. A cursor from the address bar is checked here, so a tampered one
 * becomes a 404 and never reaches a query.
 */
import { NotFoundError } from '@/lib/errors';
import type { CommentSort } from '@/lib/validation/comment';

export function encodeCursor(key: string | number, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** What a cursor's sort key is: a timestamp (newest, oldest, inline, replies) or a score (top). */
export type CursorKind = 'time' | 'score';

export const cursorKind = (sort: CommentSort | 'replies'): CursorKind => (sort === 'top' ? 'score' : 'time');

const INT4 = 2 ** 31;
// Postgres' text form of a timestamptz ("2026-11-29 05:57:48.123456+00") or ISO 8601 with a zone.
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** A timestamp key Postgres will accept as timestamptz: real calendar date and time, with a zone. */
function validTimestamp(key: string): boolean {
  const m = TS_RE.exec(key);
  if (!m) return false;
  const [, y, mo, d, h, mi, sec] = m.map(Number);
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The cursor's sort key and id, or null when it is not one this app made for that kind of sort (garbage,
 * a tampered date or score the database would refuse, a score cursor on a time-sorted page). Every
 * caller turns null into a 404, never into a query.
 */
export function decodeCursor(cursor: string | undefined | null, kind?: CursorKind): { key: string | number; id: number } | null {
  if (!cursor || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || !Number.isSafeInteger(v[1]) || (v[1] as number) < 1) return null;
    const [key, id] = v as [unknown, number];
    if (typeof key === 'number' && Number.isSafeInteger(key) && key >= -INT4 && key < INT4 && kind !== 'time') return { key, id };
    if (typeof key === 'string' && validTimestamp(key) && kind !== 'score') return { key, id };
    return null;
  } catch {
    return null;
  }
}

/** Thrown for a cursor decodeCursor refuses: the page of comments it names does not exist. */
export function badCursor(): never {
  throw new NotFoundError('That page of comments does not exist.');
}
