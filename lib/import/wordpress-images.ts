/** Images used by WordPress posts, re-encoded like an upload, once per run and per address. */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { media } from '@/db/schema';
import { mediaUrl, processImageUpload } from '@/lib/media';
import { fetchPublicImage } from './remote-image';
import { mapped, remember, type Context } from './wordpress-context';

/** The old image's bytes: from the uploads directory when given, else its URL. */
async function imageBytes(c: Context, url: string): Promise<Buffer | null> {
  if (c.opts.uploadsDir) {
    const m = /\/wp-content\/uploads\/(.+)$/.exec(new URL(url, c.site).pathname);
    if (m) {
      const file = path.resolve(c.opts.uploadsDir, decodeURIComponent(m[1]));
      if (file.startsWith(path.resolve(c.opts.uploadsDir) + path.sep) && fs.existsSync(file)) return fs.promises.readFile(file);
    }
  }
  return (c.opts.fetchImage ?? fetchPublicImage)(url);
}

/** WordPress's resized copies ("photo-300x200.jpg") are the same picture as the original ("photo.jpg"). */
const originalOf = (url: string) => url.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1');

/** Re-encodes an old image like an upload (once per run and per address); its media URL, or null. */
export async function importImage(tx: DbOrTx, c: Context, url: string, alt: string): Promise<string | null> {
  const original = originalOf(url);
  if (c.images.has(original)) return c.images.get(original)!;
  const known = await mapped(tx, c.site, 'attachment', original);
  if (known) {
    const [m] = await tx.select({ key: media.key }).from(media).where(eq(media.id, known.localId)).limit(1);
    if (m) {
      c.images.set(original, mediaUrl(m.key));
      return mediaUrl(m.key);
    }
  }
  if (c.opts.dryRun) {
    c.images.set(original, `/media/dry-run/${c.images.size}.webp`);
    c.report.add('image', 'created');
    return c.images.get(original)!;
  }
  const bytes = (await imageBytes(c, original)) ?? (original !== url ? await imageBytes(c, url) : null);
  let result: string | null = null;
  if (!bytes) {
    c.report.add(
      'image',
      'skipped',
      { id: original, label: path.basename(original) },
      'not in the uploads directory and not reachable at its address',
    );
  } else {
    try {
      const img = await processImageUpload(bytes);
      await tx.insert(media).values({
        id: img.id,
        key: img.key,
        mime: img.mime,
        width: img.width,
        height: img.height,
        bytes: img.bytes,
        variants: img.variants,
        alt,
      });
      await remember(tx, c.site, 'attachment', original, img.id, '');
      result = mediaUrl(img.key);
      c.report.add('image', 'created');
    } catch (err) {
      c.report.add('image', 'skipped', { id: original, label: path.basename(original) }, (err as Error).message);
    }
  }
  c.images.set(original, result);
  return result;
}
