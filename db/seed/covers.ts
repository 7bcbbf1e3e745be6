/**
 * Cover images drawn locally: an SVG (gradient, a few geometric shapes, the category label) rendered to
 * a 1200x675 WebP with sharp. Colours and shapes come from a PRNG seeded by the slug.
 */
import sharp from 'sharp';
import { createRng } from './prng';
import type { MediaStore } from '../../lib/storage';
import { escapeUTF8 as escapeXml } from 'entities';

export const COVER_WIDTH = 1200;
export const COVER_HEIGHT = 675;

export function coverPath(slug: string): string {
  return `/media/covers/${slug}.webp`;
}

export function coverSvg(slug: string, label: string, colors: [string, string]): { svg: string; shapes: string } {
  const rng = createRng(`cover:${slug}`);
  const [from, to] = colors;
  const angle = rng.int(0, 359);
  const shapes: string[] = [];
  const kinds: string[] = [];
  const count = rng.int(4, 7);
  for (let i = 0; i < count; i++) {
    const opacity = (0.12 + rng.next() * 0.3).toFixed(2);
    const fill = rng.chance(0.5) ? '#ffffff' : to;
    const kind = rng.pick(['circle', 'band', 'square'] as const);
    kinds.push(kind);
    if (kind === 'circle') {
      shapes.push(
        `<circle cx="${rng.int(0, COVER_WIDTH)}" cy="${rng.int(0, COVER_HEIGHT)}" r="${rng.int(60, 320)}" fill="${fill}" fill-opacity="${opacity}"/>`,
      );
    } else if (kind === 'band') {
      const y = rng.int(0, COVER_HEIGHT);
      shapes.push(
        `<rect x="-200" y="${y}" width="${COVER_WIDTH + 400}" height="${rng.int(30, 140)}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${rng.int(-25, 25)} 600 ${y})"/>`,
      );
    } else {
      const s = rng.int(80, 260);
      shapes.push(
        `<rect x="${rng.int(0, COVER_WIDTH - s)}" y="${rng.int(0, COVER_HEIGHT - s)}" width="${s}" height="${s}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${rng.int(0, 45)})"/>`,
      );
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}">
<defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
${shapes.join('\n')}
<rect x="56" y="${COVER_HEIGHT - 128}" width="${label.length * 32 + 48}" height="72" rx="8" fill="#000000" fill-opacity="0.45"/>
<text x="80" y="${COVER_HEIGHT - 78}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="40" font-weight="bold" letter-spacing="4" fill="#ffffff">${escapeXml(label.toUpperCase())}</text>
</svg>`;
  const summary = [...new Set(kinds)].map((k) => (k === 'band' ? 'diagonal bands' : k === 'circle' ? 'circles' : 'squares'));
  return { svg, shapes: summary.join(' and ') };
}

export function coverAlt(title: string, label: string, slug: string, colors: [string, string]): string {
  const { shapes } = coverSvg(slug, label, colors);
  return `Abstract illustration for “${title}”: translucent ${shapes} over a colour gradient, labelled ${label}.`;
}

/** Stores covers/<slug>.webp in the media store unless it is already there. Returns true when a file was written. */
export async function ensureCover(store: MediaStore, slug: string, label: string, colors: [string, string]): Promise<boolean> {
  const key = `covers/${slug}.webp`;
  if (await store.exists(key)) return false;
  const { svg } = coverSvg(slug, label, colors);
  const data = await sharp(Buffer.from(svg)).resize(COVER_WIDTH, COVER_HEIGHT).webp({ quality: 80 }).toBuffer();
  await store.put(key, new Uint8Array(data), 'image/webp');
  return true;
}
