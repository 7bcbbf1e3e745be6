import type { Metadata } from 'next';
import { connection } from 'next/server';
import { UnsubscribeForm } from '@/components/comments/unsubscribe-form';
import { readFlash } from '@/lib/actions/form-flash';

export const metadata: Metadata = { title: 'Unsubscribe', robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

// Rendered per request before the first byte: without JavaScript the button's result (kept in the flash
// cookie by unsubscribeAction) must be plain HTML in the page that answers the post.
export const instant = false;

export async function generateStaticParams() {
  return [{ token: '__none__' }];
}

/** Linked from every comment notification mail: one click on the button, no sign-in needed. */
export default async function UnsubscribePage({ params }: Props) {
  const { token } = await params;
  await connection();
  const result = await readFlash('unsubscribe');
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Unsubscribe</h1>
      <p className="mb-4">Stop the comment emails this link came with.</p>
      <UnsubscribeForm token={decodeURIComponent(token)} initial={result} />
    </div>
  );
}
