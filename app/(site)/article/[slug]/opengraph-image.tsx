import { ImageResponse } from 'next/og';
import { getArticleBySlug } from '@/lib/dal/articles';

export const alt = 'Broadsheet article';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

export async function generateStaticParams() {
  return [{ slug: '__none__' }];
}

export default async function Image({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const found = await getArticleBySlug(slug);
  const a = found?.kind === 'article' ? found.article : null;
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        background: '#fffdf8',
        padding: 64,
        borderTop: '24px solid #b91c1c',
      }}
    >
      <div
        style={{ display: 'flex', fontSize: 36, fontWeight: 700, color: '#1c1917' }}
      >{`Broadsheet${a?.category ? ` · ${a.category.name}` : ''}`}</div>
      <div style={{ display: 'flex', fontSize: 64, fontWeight: 700, color: '#1c1917', lineHeight: 1.1 }}>
        {a ? a.title : 'Independent journalism'}
      </div>
      <div style={{ display: 'flex', fontSize: 28, color: '#57534e' }}>
        {a ? a.authors.map((x) => x.name).join(', ') : 'Funded by readers'}
      </div>
    </div>,
    size,
  );
}
