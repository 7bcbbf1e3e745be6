import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';

export const { GET } = handlers;

/**
 * Auth.js's endpoints. A throttled credentials sign-in (authorize() threw "throttled:<seconds>") is answered
 * 429 with Retry-After instead of a bare redirect, so scripted clients learn when to retry.
 */
export async function POST(request: NextRequest) {
  const response = await handlers.POST(request);
  const location = response.headers.get('location');
  if (!location) return response;
  let code: string | null = null;
  try {
    code = new URL(location, request.nextUrl).searchParams.get('code');
  } catch {
    return response;
  }
  const m = code ? /^throttled:(\d+)$/.exec(code) : null;
  if (!m) return response;
  const headers = new Headers(response.headers);
  headers.set('retry-after', m[1]);
  headers.set('content-type', 'text/plain; charset=utf-8');
  return new Response(`Too many attempts. Try again in ${Math.ceil(Number(m[1]) / 60)} minutes.\n`, { status: 429, headers });
}
