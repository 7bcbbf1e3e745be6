/**
 * Test stand-in for `next/headers`, for vitest only:
 *   vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
 *   fakeRequest.plainFormPost = true;   // a form posted without JavaScript (no Next-Action header)
 *   fakeRequest.clientIp = '203.0.113.9';   // sent as x-real-ip
 *   fakeRequest.cookies.get('bs_pledge');   // what the action set
 * Call resetFakeRequest() between tests.
 */
type FakeRequest = { plainFormPost: boolean; clientIp: string | null; cookies: Map<string, string> };

export const fakeRequest: FakeRequest = ((globalThis as { __fakeRequest?: FakeRequest }).__fakeRequest ??= {
  plainFormPost: false,
  clientIp: null,
  cookies: new Map(),
});

export function resetFakeRequest(): void {
  fakeRequest.plainFormPost = false;
  fakeRequest.clientIp = null;
  fakeRequest.cookies.clear();
}

export async function headers(): Promise<Headers> {
  return new Headers({
    ...(fakeRequest.plainFormPost ? {} : { 'next-action': 'test' }),
    ...(fakeRequest.clientIp ? { 'x-real-ip': fakeRequest.clientIp } : {}),
  });
}

export async function cookies() {
  const jar = fakeRequest.cookies;
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  };
}
