/** Status transitions of a save, for an editor: what a publication time may be. */
import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/dal/session';
import type { ArticleForm } from '@/lib/validation/admin';
import { resolvePublication, type Existing } from './publication';

const editor = { role: 'editor' } as Viewer;
const now = new Date('2026-11-29T12:00:00Z');
const form = (status: string, publishAt: string) => ({ status, publishAt, tzOffset: 0, intent: 'save' }) as unknown as ArticleForm;
const live = (publishedAt: Date) => ({ status: 'published', publishedAt, submittedAt: null }) as unknown as Existing;

describe('publishing', () => {
  it('refuses a new time in the future ("Scheduled" is for that)', () => {
    expect(() => resolvePublication(editor, form('published', '2026-11-29T12:05'), null, now)).toThrow(/in the future/);
  });

  it('keeps a live article its own time, even when this instance reads that time as a moment ahead', () => {
    const at = new Date('2026-11-29T12:01:30Z');
    const r = resolvePublication(editor, form('published', '2026-11-29T12:01'), live(at), now);
    expect(r).toEqual({ status: 'published', publishedAt: at, submittedAt: null });
  });

  it('still refuses moving a live article to a later time', () => {
    const at = new Date('2026-11-29T11:00:00Z');
    expect(() => resolvePublication(editor, form('published', '2026-11-29T13:00'), live(at), now)).toThrow(/in the future/);
  });
});
