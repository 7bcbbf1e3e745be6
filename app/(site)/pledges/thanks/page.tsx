import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { readPledgeResult } from '@/lib/actions/pledge-result';

export const metadata: Metadata = { title: 'Thank you for your pledge', robots: { index: false, follow: false }, referrer: 'no-referrer' };
// Rendered per request (it reads the result the pledge form left in a short-lived cookie).
export const instant = false;

/**
 * Where the pledge form lands, with or without JavaScript. It says what happens next, and never shows the
 * pledge's secret link: that goes only to the pledge's address, by mail.
 */
export default async function PledgeThanksPage() {
  const r = await readPledgeResult();
  if (!r) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="font-serif text-3xl font-black">Thank you for your pledge!</h1>
        <p>
          We have emailed you the details and a link to your pledge.{' '}
          <Link href="/support" className="underline">
            Back to the campaign
          </Link>
        </p>
      </div>
    );
  }
  const campaignLink = r.campaign.slug ? (
    <Link href={`/support/${r.campaign.slug}`} className="underline">
      {r.campaign.title}
    </Link>
  ) : null;
  if (!r.created) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="font-serif text-3xl font-black">This pledge is already recorded</h1>
        <p role="status">This pledge is already recorded; we mailed the link to {r.maskedEmail}.</p>
        <p>Nothing was added. {campaignLink ? <>Back to {campaignLink}.</> : null}</p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="font-serif text-3xl font-black">Thank you for your pledge!</h1>
      {r.needsConfirmation ? (
        <p role="status" className="rounded border-2 border-stone-800 p-4">
          <strong>Please confirm your pledge.</strong> We have emailed a confirmation link to {r.maskedEmail}. Your pledge counts toward the
          goal once you have opened it and confirmed.
        </p>
      ) : (
        <p role="status">We have emailed the details, how to pay and a link to your pledge to {r.maskedEmail}.</p>
      )}
      {r.held ? <p>Because of its size, your pledge is being reviewed by our staff before it counts toward the goal.</p> : null}
      {r.messageHeld ? <p>Your message will appear on the donor wall once our staff have approved it.</p> : null}
      <p>
        {campaignLink ? <>Back to {campaignLink}. </> : null}
        Signed in?{' '}
        <Link href="/pledges" className="underline">
          Your pledges
        </Link>
      </p>
    </div>
  );
}
