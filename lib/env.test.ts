import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('environment', () => {
  it('treats an empty variable as unset, so the embedded database is used', () => {
    const env = parseEnv({ DATABASE_URL: '', SITE_URL: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SITE_URL).toBe('http://localhost:3000');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });
});
