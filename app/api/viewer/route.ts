import { isStaff } from '@/lib/auth/roles';
import { getViewer } from '@/lib/dal/session';

/** What the cached public pages may show about the reader, read by components/site/viewer.ts after load. */
export type ViewerJson = {
  viewer: { name: string | null; handle: string; image: string | null; email: string; staff: boolean } | null;
};

/**
 * The per-reader part of the public pages (account menu, pledge email prefill). Pages are the same bytes for
 * everyone and come from cache; this small answer is the only thing that depends on the session cookie, so
 * it must never be stored by a shared cache.
 */
export async function GET() {
  const viewer = await getViewer().catch(() => null);
  const body: ViewerJson = {
    viewer: viewer
      ? { name: viewer.name, handle: viewer.handle, image: viewer.image, email: viewer.email, staff: isStaff(viewer.role) }
      : null,
  };
  return Response.json(body, { headers: { 'cache-control': 'private, no-store', vary: 'Cookie' } });
}
