/**
 * The signed-in reader's comment subscriptions, for account settings:
 *   <SubscriptionsList userId={viewer.id} />
 * Each row links to the article and has a Remove button (a plain form post).
 */
import Link from '@/components/ui/link';
import { listSubscriptions } from '@/lib/dal/subscriptions';
import { removeSubscriptionAction } from '@/lib/actions/subscriptions';

export async function SubscriptionsList({ userId }: { userId: string }) {
  const subs = await listSubscriptions(userId);
  return (
    <section aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading" className="text-lg font-semibold">
        Comment subscriptions
      </h2>
      {subs.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">You are not following any comment threads. Use “Notify me of” under an article.</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-200">
          {subs.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <Link href={`/article/${s.slug}#comments`} className="underline">
                  {s.title}
                </Link>
                <span className="ml-2 text-sm text-stone-600">{s.kind === 'all' ? 'all new comments' : 'replies to my comments'}</span>
              </span>
              <form action={removeSubscriptionAction}>
                <input type="hidden" name="subscriptionId" value={s.id} />
                <button
                  type="submit"
                  className="rounded border border-stone-900 px-2 py-0.5 text-sm"
                  aria-label={`Stop notifications for ${s.title}`}
                >
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
