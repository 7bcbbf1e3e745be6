import type { Metadata } from 'next';
import { NotificationPrefsForm } from '@/components/account/security-forms';
import { SubscriptionsList } from '@/components/comments/subscriptions-list';
import { readFlash } from '@/lib/actions/form-flash';
import { accountForPage } from '@/lib/dal/page-guard';

export const metadata: Metadata = { title: 'Notifications', robots: { index: false } };
export const instant = false;

export default async function NotificationsPage() {
  const user = await accountForPage('/account/notifications');
  return (
    <div className="space-y-6">
      <h1 className="font-serif text-3xl font-bold">Notifications</h1>
      <p className="text-sm">We send these to {user.email}. Every such mail also has a one-click unsubscribe link.</p>
      <NotificationPrefsForm prefs={user.settings} initial={await readFlash('prefs')} />
      <SubscriptionsList userId={user.id} />
    </div>
  );
}
