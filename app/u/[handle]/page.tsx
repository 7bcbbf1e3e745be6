import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { Avatar } from '@/components/account/avatar';
import { getPublicProfile, listProfileComments } from '@/lib/dal/users-profile';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ handle: string }> };

// A sentinel so the route renders on request (with live data) and never from the empty build database.
export async function generateStaticParams() {
  return [{ handle: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { handle } = await params;
  const profile = await getPublicProfile(decodeURIComponent(handle));
  if (!profile) return pageMetadata({ title: 'Not found', robots: { index: false } });
  return pageMetadata({
    title: `${profile.name} (@${profile.handle})`,
    description: profile.bio ?? `Comments by ${profile.name}.`,
    alternates: { canonical: `/u/${profile.handle}` },
  });
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export default async function ProfilePage({ params }: Props) {
  const { handle } = await params;
  const profile = await getPublicProfile(decodeURIComponent(handle));
  if (!profile) notFound();
  const comments = await listProfileComments(profile.id);
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header className="flex items-start gap-4">
        <Avatar name={profile.name} handle={profile.handle} image={profile.image} size={80} />
        <div>
          <h1 className="font-serif text-3xl font-bold">{profile.name}</h1>
          <p className="text-stone-600">
            @{profile.handle}
            {profile.role !== 'reader' ? ` · ${profile.role}` : ''} · joined {dateFmt.format(profile.joinedAt)}
          </p>
          {profile.bio && <p className="mt-2 max-w-2xl whitespace-pre-line">{profile.bio}</p>}
        </div>
      </header>
      <section aria-labelledby="comments-heading">
        <h2 id="comments-heading" className="mb-3 text-xl font-semibold">
          Comments <span className="text-base font-normal text-stone-600">({profile.approvedComments})</span>
        </h2>
        {comments.length === 0 ? (
          <p className="text-stone-600">No published comments yet.</p>
        ) : (
          <ol className="space-y-4">
            {comments.map((c) => (
              <li key={c.id} className="border-b border-stone-200 pb-4">
                <p className="text-sm text-stone-600">
                  On{' '}
                  <Link href={`/article/${c.articleSlug}#comment-${c.id}`} className="font-medium underline">
                    {c.articleTitle}
                  </Link>
                  {' · '}
                  <time dateTime={c.createdAt.toISOString()}>{dateFmt.format(c.createdAt)}</time>
                </p>
                <div className="prose prose-stone mt-1 max-w-none" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
              </li>
            ))}
          </ol>
        )}
        {profile.approvedComments > comments.length && (
          <p className="mt-3 text-sm text-stone-600">Showing the {comments.length} most recent.</p>
        )}
      </section>
    </div>
  );
}
