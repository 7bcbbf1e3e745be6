import { describe, expect, it } from 'vitest';
import { CONTROL_CHAR_MESSAGE } from './text';
import { profileSchema, signUpSchema } from './auth';

describe('account text fields refuse NUL and control characters with a message (Postgres cannot store NUL)', () => {
  it('sign-up and profile', () => {
    const ok = { email: 'a@example.com', name: 'Ann', handle: 'ann_a', password: 'correct-horse-battery' };
    expect(signUpSchema.safeParse(ok).success).toBe(true);
    for (const [field, value] of [
      ['name', 'Ann\u0000'],
      ['email', 'a\u0000@example.com'],
    ] as const) {
      const r = signUpSchema.safeParse({ ...ok, [field]: value });
      expect(r.success).toBe(false);
      expect(r.error!.issues.find((i) => i.path[0] === field)?.message).toBe(CONTROL_CHAR_MESSAGE);
    }
    const bio = profileSchema.safeParse({ name: 'Ann', handle: 'ann_a', bio: 'hello\u0000world' });
    expect(bio.success).toBe(false);
    expect(bio.error!.issues[0].message).toBe(CONTROL_CHAR_MESSAGE);
    expect(profileSchema.safeParse({ name: 'Ann', handle: 'ann_a', bio: 'line one\nline two\ttab' }).success).toBe(true);
  });
});
