import 'server-only';
/**
 * Status transitions of a save: authors only keep drafts (and submit them for review); editors draft,
 * schedule (a time in the future), publish (now or a past time) and archive. The publish time arrives as
 * the browser's local "datetime-local" value with its time-zone offset.
 */
import type { articles } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError } from '@/lib/errors';
import type { ArticleForm } from '@/lib/validation/admin';
import { has } from '../guard';
import { fieldError } from './access';

export type Existing = typeof articles.$inferSelect;

/** "2026-11-24T20:15" typed in a browser whose getTimezoneOffset() is tzOffset, as an instant. */
export function parseLocalDateTime(value: string, tzOffset: number): Date | null | 'invalid' {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return 'invalid';
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  if (Number.isNaN(utc)) return 'invalid';
  return new Date(utc + tzOffset * 60_000);
}

export function resolvePublication(viewer: Viewer, input: ArticleForm, existing: Existing | null, now: Date) {
  const canPublish = has(viewer, 'articles:publish');
  const submittedAt = input.intent === 'submit' ? now : (existing?.submittedAt ?? null);
  if (!canPublish) {
    if (existing && existing.status !== 'draft') {
      throw new ForbiddenError('This article is no longer a draft: only an editor can change it now.');
    }
    if (input.status !== 'draft') throw new ForbiddenError('Only editors can schedule or publish. Submit the draft for review instead.');
    return { status: 'draft' as const, publishedAt: null, submittedAt };
  }
  const at = parseLocalDateTime(input.publishAt, input.tzOffset);
  if (at === 'invalid') throw fieldError('publishAt', 'Enter a valid date and time.');
  switch (input.status) {
    case 'draft':
      return { status: 'draft' as const, publishedAt: at, submittedAt };
    case 'scheduled':
      if (!at) throw fieldError('publishAt', 'Choose the date and time to publish it.');
      if (at.getTime() <= now.getTime()) {
        throw fieldError('publishAt', 'That publication time is in the past: choose a time in the future to schedule the article.');
      }
      return { status: 'scheduled' as const, publishedAt: at, submittedAt: null };
    case 'published': {
      // A live article saved with its own publication time keeps it, even where that time reads as a moment
      // ahead (instances whose clocks differ by a little): only a new future time needs "Scheduled".
      const live = existing?.status === 'published' && existing.publishedAt;
      if (live && at && Math.abs(at.getTime() - live.getTime()) < 60_000) {
        return { status: 'published' as const, publishedAt: live, submittedAt: null };
      }
      if (at && at.getTime() > now.getTime()) {
        throw fieldError('publishAt', 'That time is in the future: choose "Scheduled" to publish it later.');
      }
      const kept = existing?.publishedAt && existing.publishedAt.getTime() <= now.getTime() ? existing.publishedAt : null;
      return { status: 'published' as const, publishedAt: at ?? kept ?? now, submittedAt: null };
    }
    case 'archived':
      return { status: 'archived' as const, publishedAt: existing?.publishedAt ?? at, submittedAt: null };
  }
}
