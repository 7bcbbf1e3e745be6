/** The campaign clock: what changes with time alone, so the edge can be purged when it does. */
import { describe, expect, it } from 'vitest';
import { changedFaces, clockFace, daysLeftAt } from './campaign-clock';

const at = (iso: string) => new Date(iso);

describe('campaign clock faces', () => {
  const c = { startsAt: at('2026-12-10T09:00:00Z'), endsAt: at('2026-12-20T09:00:00Z') };

  it('changes when a campaign opens, when a day is gone, and when it ends; not in between', () => {
    expect(clockFace(c, at('2026-12-10T08:59:00Z'))).toBe('soon/running/11');
    expect(clockFace(c, at('2026-12-10T09:00:00Z'))).toBe('open/running/10');
    expect(clockFace(c, at('2026-12-10T20:00:00Z'))).toBe('open/running/10');
    expect(clockFace(c, at('2026-12-11T09:00:01Z'))).toBe('open/running/9');
    expect(clockFace(c, at('2026-12-20T08:59:59Z'))).toBe('open/running/1');
    expect(clockFace(c, at('2026-12-20T09:00:00Z'))).toBe('open/ended/0');
    expect(daysLeftAt(null, at('2026-12-20T09:00:00Z'))).toBeNull();
  });

  it('names the campaigns whose face changed between two readings, never one seen for the first time', () => {
    const before = new Map([
      ['a', 'open/running/3'],
      ['b', 'open/running/9'],
    ]);
    const after = new Map([
      ['a', 'open/running/2'],
      ['b', 'open/running/9'],
      ['c', 'soon/running/5'],
    ]);
    expect(changedFaces(before, after)).toEqual(['a']);
  });
});
