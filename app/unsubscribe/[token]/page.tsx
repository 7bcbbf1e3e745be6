import type { Metadata } from 'next';
import { UnsubscribeForm } from '@/components/comments/unsubscribe-form';

export const metadata: Metadata = { title: 'Unsubscribe', robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

export async function generateStaticParams() {
  return [{ token: '__none__' }];
}

/** Linked from every comment notification mail: one click on the button, no sign-in needed. */
export default async function UnsubscribePage({ params }: Props) {
  const { token } = await params;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Unsubscribe</h1>
      <p className="mb-4">Stop the comment emails this link came with.</p>
      <UnsubscribeForm token={decodeURIComponent(token)} />
    </div>
  );
}
