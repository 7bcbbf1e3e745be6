import { ImageResponse } from 'next/og';

export const alt = 'Broadsheet: independent journalism, funded by readers';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

export default function Image() {
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        alignItems: 'center',
        background: '#fffdf8',
        borderTop: '24px solid #b91c1c',
      }}
    >
      <div style={{ fontSize: 110, fontWeight: 700, color: '#1c1917' }}>Broadsheet</div>
      <div style={{ fontSize: 40, color: '#57534e' }}>Independent journalism, funded by readers</div>
    </div>,
    size,
  );
}
