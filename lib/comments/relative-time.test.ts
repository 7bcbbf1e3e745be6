import { describe, expect, it } from 'vitest';
import { exactTime, relativeTime } from './relative-time';

describe('relative comment times', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  it('reads like a person would say it', () => {
    expect(relativeTime('2026-11-29T09:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-11-29T09:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-29T08:00:00Z', now)).toBe('2 hours ago');
    expect(relativeTime('2026-11-28T09:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-09-01T10:00:00Z', now)).toBe('2 months ago');
  });
  it('keeps the exact time, with its zone, for the title', () => {
    expect(exactTime('2026-11-29T09:55:00Z')).toBe('Sun, 29 November 2026 at 09:55 UTC');
  });
});
