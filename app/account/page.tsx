import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { Avatar } from '@/components/account/avatar';
import { AvatarForm } from '@/components/account/avatar-form';
import { ProfileForm } from '@/components/account/profile-form';
import { ResendVerificationForm } from '@/components/account/resend-verification-form';
import { readFlash } from '@/lib/actions/form-flash';
import { banSentence } from '@/lib/auth/ban';
import { accountForPage } from '@/lib/dal/page-guard';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };
// Reads the session before the first byte, so the forms are in the HTML and work without JavaScript.
export const instant = false;

export default async function AccountPage() {
  const user = await accountForPage('/account');
  const [profile, avatar, resend] = await Promise.all([readFlash('profile'), readFlash('avatar'), readFlash('resend')]);
  const banned = banSentence(user);
  const ban = banned && `${banned} You can still read, but you cannot comment, vote or pledge.`;
  return (
    <div className="space-y-8">
      <div className="flex items-center gap-4">
        <Avatar name={user.name} handle={user.handle} image={user.image} size={64} />
        <div>
          <h1 className="font-serif text-3xl font-bold">Your account</h1>
          <p className="text-sm text-stone-600">
            Signed in as {user.email} · {user.role} ·{' '}
            <Link href={`/u/${user.handle}`} className="underline">
              your public profile
            </Link>
          </p>
        </div>
      </div>
      {ban && (
        <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
          {ban}
        </p>
      )}
      {!user.emailVerified && (
        <section aria-labelledby="verify-heading" className="rounded border border-amber-600 bg-amber-50 p-4">
          <h2 id="verify-heading" className="font-semibold">
            Please verify your email address
          </h2>
          <p className="mb-3 text-sm">We sent a link to {user.email}. Open it to confirm that the address is yours.</p>
          <ResendVerificationForm initial={resend} />
        </section>
      )}
      <section aria-labelledby="profile-heading" className="space-y-4">
        <h2 id="profile-heading" className="text-xl font-semibold">
          Profile
        </h2>
        <ProfileForm name={user.name ?? ''} handle={user.handle} bio={user.bio ?? ''} initial={profile} />
      </section>
      <section aria-labelledby="picture-heading" className="space-y-4">
        <h2 id="picture-heading" className="text-xl font-semibold">
          Picture
        </h2>
        <AvatarForm hasImage={!!user.image} initial={avatar} />
      </section>
    </div>
  );
}
