import type { Metadata } from 'next';
import { Listing } from '@/components/article/listing';
import { pageMetadata, SITE_FEEDS } from '@/lib/metadata';

type Props = { params: Promise<{ n: string }> };

export async function generateStaticParams() {
  return [{ n: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { n } = await params;
  return pageMetadata({ title: `Archive, page ${n}`, alternates: { canonical: `/archive/page/${n}`, types: SITE_FEEDS } });
}

export default async function ArchivePage({ params }: Props) {
  const { n } = await params;
  return <Listing filter={{}} base="/archive" rawPage={n} heading="Archive" />;
}
