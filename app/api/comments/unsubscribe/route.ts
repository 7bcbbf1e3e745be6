/**
 * One-click unsubscribe (RFC 8058): mail clients POST "List-Unsubscribe=One-Click" here. A GET (someone
 * opening the link) goes to the confirmation page instead, so link scanners never unsubscribe anyone.
 */
import { NextResponse } from 'next/server';
import { unsubscribeWithToken } from '@/lib/dal/subscriptions';

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const ok = await unsubscribeWithToken(token);
  return new NextResponse(ok ? 'Unsubscribed.' : 'This link is not valid any more.', {
    status: ok ? 200 : 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  return NextResponse.redirect(new URL(`/unsubscribe/${encodeURIComponent(token)}`, request.url), 303);
}
