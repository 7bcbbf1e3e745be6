import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});
const get = (name: string) => new Map(securityHeaders()).get(name);

describe('securityHeaders', () => {
  it('a strict policy without nonces', () => {
    process.env.SITE_URL = 'http://localhost:3000';
    const csp = get('content-security-policy')!;
    for (const d of [
      "default-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(get('strict-transport-security')).toBeUndefined();
  });

  it('HSTS and upgrade-insecure-requests only when SITE_URL is https, read at call time', () => {
    process.env.SITE_URL = 'https://news.example';
    expect(get('strict-transport-security')).toMatch(/^max-age=\d{7,}$/);
    expect(get('content-security-policy')).toContain('upgrade-insecure-requests');
    process.env.SITE_URL = 'http://news.example';
    expect(get('strict-transport-security')).toBeUndefined();
  });

  it('forms may post to the OAuth providers that are switched on', () => {
    process.env.AUTH_GITHUB_ID = 'id';
    process.env.AUTH_GITHUB_SECRET = 'secret';
    expect(get('content-security-policy')).toMatch(/form-action 'self' https:\/\/github\.com(;|$)/);
  });

  it('with Stripe on, the pledge form may redirect to Checkout and nowhere else; no Stripe script, frame or connection', () => {
    process.env.SITE_URL = 'https://news.example';
    expect(get('content-security-policy')).toMatch(/form-action 'self'(;|$)/);
    process.env.STRIPE_SECRET_KEY = 'sk_test_abc';
    process.env.STRIPE_WEBHOOK_SECRET = 'whsec_abc';
    const csp = get('content-security-policy')!;
    expect(csp).toMatch(/form-action 'self' https:\/\/checkout\.stripe\.com(;|$)/);
    for (const d of ["script-src 'self' 'unsafe-inline'", "connect-src 'self'", "frame-src 'none'"]) expect(csp).toContain(d);
    expect(csp.match(/stripe/g)).toHaveLength(1);
    // A local server standing in for Stripe (tests): its own origin instead.
    Object.assign(process.env, { STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: '28300', STRIPE_API_PROTOCOL: 'http' });
    expect(get('content-security-policy')).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:28300(;|$)/);
    // Half configured (no webhook secret): off.
    delete process.env.STRIPE_WEBHOOK_SECRET;
    expect(get('content-security-policy')).toMatch(/form-action 'self'(;|$)/);
  });
});
