import { ImageResponse } from 'next/og';
import { connection } from 'next/server';
import { env } from '@/lib/env';

/**
 * The publisher logo that article JSON-LD points to (Google's Article guidelines: a raster image, at most
 * 600×60). Drawn from SITE_NAME at run time, so each deployment's name is in it; browsers and crawlers
 * may keep it for a day.
 */
export async function GET() {
  await connection();
  const name = env().SITE_NAME;
  const res = new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#fffdf8',
        borderBottom: '6px solid #b91c1c',
      }}
    >
      <div style={{ fontSize: 38, fontWeight: 700, color: '#1c1917' }}>{name}</div>
    </div>,
    { width: 600, height: 60 },
  );
  res.headers.set('cache-control', 'public, max-age=86400');
  return res;
}
