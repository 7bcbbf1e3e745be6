/**
 * Fetching an old site's image for an import. The addresses come from an uploaded file, so a hostile or
 * stolen admin account could aim them at this server's network (cloud metadata, databases, admin ports):
 * only http(s) on public addresses is fetched, redirects are not followed, and at most MAX_BYTES is read.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { MAX_UPLOAD_BYTES } from '@/lib/media';

/** Loopback, private, link-local, unique-local, unspecified and multicast addresses. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const x = ip.toLowerCase();
  return x === '::' || x === '::1' || /^f[cd]/.test(x) || /^fe[89ab]/.test(x) || x.startsWith('ff');
}

export async function fetchPublicImage(url: string): Promise<Buffer | null> {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    if (!addresses.length || addresses.some(isPrivateAddress)) return null;
    const res = await fetch(u, { signal: AbortSignal.timeout(20_000), redirect: 'manual' });
    if (!res.ok || Number(res.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES) return null;
    const body = Buffer.from(await res.arrayBuffer());
    return body.length > MAX_UPLOAD_BYTES ? null : body;
  } catch {
    return null;
  }
}
