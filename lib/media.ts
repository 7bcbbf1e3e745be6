import 'server-only';
/**
 * Image uploads: checked by content (sharp reads the bytes; the file name and the browser's type are
 * ignored), size-limited, SVG refused, and re-encoded to WebP at a few responsive widths under
 * uploads/YYYY/MM/ in the media store (lib/storage.ts: DATA_DIR/media on disk, or an S3 bucket). Re-encoding also drops metadata (EXIF, GPS) and anything that is not pixels.
 * Served by app/media/[...key] as /media/<key>.
 */
import sharp from 'sharp';
import type { MediaVariant } from '@/db/schema';
import { UserError } from '@/lib/errors';
import { mediaStore } from '@/lib/storage';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = '10 MB';
export { AVATAR_MAX_BYTES, AVATAR_MAX_LABEL, AVATAR_TOO_BIG } from '@/lib/request-limits';
/** Responsive widths; an image narrower than one gets its own width as the largest variant. */
export const VARIANT_WIDTHS = [320, 640, 1024, 1600] as const;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
const MAX_PIXELS = 60_000_000;

export type ProcessedImage = {
  id: string;
  /** Storage key of the largest variant (what /media/<key> serves). */
  key: string;
  mime: 'image/webp';
  width: number;
  height: number;
  bytes: number;
  variants: MediaVariant[];
};

export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

function looksLikeSvg(input: Buffer): boolean {
  const head = input
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.includes('<!doctype svg');
}

export function assertUploadSize(bytes: number): void {
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new UserError(
      `That file is ${(bytes / 1024 / 1024).toFixed(1)} MB: images can be at most ${MAX_UPLOAD_LABEL}. Resize it and try again.`,
      413,
    );
  }
  if (bytes === 0) throw new UserError('That file is empty.');
}

/** Reads, checks and re-encodes an uploaded image; writes the variants to disk. Throws UserError with a message to show. */
export async function processImageUpload(input: Buffer, now = new Date()): Promise<ProcessedImage> {
  assertUploadSize(input.length);
  if (looksLikeSvg(input)) {
    throw new UserError('SVG images are not accepted (they can carry scripts). Upload a JPEG, PNG, WebP, GIF or AVIF image.', 415);
  }
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new UserError('That file is not an image we can read, whatever its name says. Upload a JPEG, PNG, WebP, GIF or AVIF image.', 415);
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw new UserError(
      `${meta.format === 'svg' ? 'SVG images are' : `"${meta.format ?? 'unknown'}" files are`} not accepted. Upload a JPEG, PNG, WebP, GIF or AVIF image.`,
      415,
    );
  }
  // EXIF orientations 5-8 swap width and height.
  const rotated = (meta.orientation ?? 1) >= 5;
  const srcWidth = (rotated ? meta.height : meta.width) ?? 0;
  if (!srcWidth || (meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) {
    throw new UserError('That image is too large in pixels: at most 60 megapixels.', 413);
  }
  const widths = [...new Set([...VARIANT_WIDTHS.filter((w) => w < srcWidth), Math.min(srcWidth, VARIANT_WIDTHS.at(-1)!)])].sort(
    (a, b) => a - b,
  );

  const id = crypto.randomUUID();
  const dir = `uploads/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const store = mediaStore();
  const variants: MediaVariant[] = [];
  let largestBytes = 0;
  try {
    for (const width of widths) {
      const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS, animated: false })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      const key = `${dir}/${id}-${info.width}.webp`;
      await store.put(key, new Uint8Array(data), 'image/webp');
      variants.push({ width: info.width, height: info.height, path: key });
      largestBytes = data.length;
    }
  } catch (err) {
    await Promise.all(variants.map((v) => store.remove(v.path).catch(() => {})));
    if (err instanceof UserError) throw err;
    throw new UserError('That image could not be processed: it may be damaged. Try another file.', 415);
  }
  const largest = variants.at(-1)!;
  return { id, key: largest.path, mime: 'image/webp', width: largest.width, height: largest.height, bytes: largestBytes, variants };
}

/** srcset attribute for a stored image's variants. */
export function srcSet(variants: MediaVariant[]): string {
  return variants.map((v) => `${mediaUrl(v.path)} ${v.width}w`).join(', ');
}

export async function removeMediaFiles(variants: MediaVariant[]): Promise<void> {
  const store = mediaStore();
  await Promise.all(variants.map((v) => store.remove(v.path)));
}
