import { isSafeKey, mediaStore } from '@/lib/storage';

/**
 * Serves images from the media store (DATA_DIR/media on disk, or the S3 bucket): covers, uploads,
 * avatars. Only image files under safe keys; anything else is a 404.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const key = (await params).key.join('/');
  if (!isSafeKey(key) || !/\.(webp|png|jpe?g)$/i.test(key)) return new Response('Not found', { status: 404 });
  const file = await mediaStore()
    .get(key)
    .catch(() => null);
  if (!file || !file.type.startsWith('image/')) return new Response('Not found', { status: 404 });
  return new Response(file.data as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' },
  });
}
