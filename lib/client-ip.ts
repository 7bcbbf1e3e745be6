/**
 * The client's IP, taken only from the header names the deployment says its proxy sets (TRUSTED_IP_HEADERS,
 * comma-separated, e.g. "x-real-ip"). X-Forwarded-For is never read unless named there, and then only its
 * last entry (the one the trusted proxy appended). Without a trusted header every request is UNKNOWN_IP, which is
 * safe rather than spoofable; limits must then not make it one lockable bucket (password sign-in keys failures
 * per account and client and never counts UNKNOWN_IP as an IP: lib/dal/signin.ts).
 */
export const UNKNOWN_IP = 'unknown';

type HeaderSource = { get(name: string): string | null };

export function trustedIpHeaders(raw = process.env.TRUSTED_IP_HEADERS ?? ''): string[] {
  return raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export function clientIp(headers: HeaderSource, trusted = trustedIpHeaders()): string {
  for (const name of trusted) {
    const value = headers.get(name);
    if (!value) continue;
    const parts = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ip = name === 'x-forwarded-for' || name === 'forwarded' ? parts.at(-1) : parts[0];
    const cleaned = ip?.replace(/^for=/i, '').replace(/^"|"$/g, '').slice(0, 64);
    if (cleaned && /^[0-9a-fA-F:.[\]]+$/.test(cleaned)) return cleaned;
  }
  return UNKNOWN_IP;
}
