import 'server-only';
/**
 * The mail about new comments: replies to you, mentions of you, new comments on articles you follow.
 *
 * A flush claims what is due (lib/dal/subscriptions.ts: at most one mail per user and article per batch
 * window, everything queued meanwhile goes into the next one) and sends one mail per user and article,
 * each with a one-click unsubscribe link plus List-Unsubscribe / List-Unsubscribe-Post. A flush runs right
 * after a comment is published (scheduleFlush, called by the comments DAL) and every minute
 * (lib/jobs/notification-flush.ts).
 */
import { commentExcerpt } from '@/lib/comments/markdown';
import { prefToken } from '@/lib/comments/tokens';
import { claimDueNotifications, type DueNotification } from '@/lib/dal/subscriptions';
import { sendMail, type Mail } from '@/lib/mail';

const siteUrl = () => (process.env.SITE_URL || 'http://localhost:3000').replace(/\/$/, '');

/** Sends what is due now; returns the number of mails sent (a failed one is logged, the others still go). */
export async function flushNotifications(now = new Date()): Promise<number> {
  let sent = 0;
  for (const list of await claimDueNotifications(now)) {
    try {
      await sendMail(notificationMail(list));
      sent++;
    } catch (err) {
      console.error('comment notification mail failed', (err as Error).message);
    }
  }
  return sent;
}

/** One mail for one user about one article: every notification claimed for them in this batch. */
function notificationMail(list: DueNotification[]): Mail {
  const first = list[0];
  const base = siteUrl();
  const token =
    first.sub_token ??
    prefToken(
      first.user_id,
      list.some((n) => n.kind === 'reply') ? 'replies' : list.some((n) => n.kind === 'mention') ? 'mentions' : 'replies',
    );
  const unsubscribeUrl = `${base}/unsubscribe/${encodeURIComponent(token)}`;
  const oneClickUrl = `${base}/api/comments/unsubscribe?token=${encodeURIComponent(token)}`;
  const replies = list.filter((n) => n.kind === 'reply').length;
  const mentions = list.filter((n) => n.kind === 'mention').length;
  const subject =
    list.length === 1
      ? first.kind === 'reply'
        ? `New reply to your comment on “${first.title}”`
        : first.kind === 'mention'
          ? `${first.author ?? 'Someone'} mentioned you on “${first.title}”`
          : `New comment on “${first.title}”`
      : `${list.length} new comments on “${first.title}”${replies ? ` (${replies} ${replies === 1 ? 'reply' : 'replies'} to you)` : mentions ? ' (you were mentioned)' : ''}`;
  const lines = list.map((n) => {
    const what = n.kind === 'reply' ? 'replied to you' : n.kind === 'mention' ? 'mentioned you' : 'commented';
    return `${n.author ?? 'A reader'} ${what}:\n${commentExcerpt(n.body_html, 400)}\n${base}/article/${n.slug}/comments/${n.comment_id}#comment-${n.comment_id}\n`;
  });
  const text =
    `Hello @${first.handle},\n\n${lines.join('\n')}\nRead the conversation: ${base}/article/${first.slug}#comments\n\n` +
    `Unsubscribe in one click: ${unsubscribeUrl}\n`;
  return {
    to: first.email,
    subject,
    text,
    headers: {
      'List-Unsubscribe': `<${oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

type FlushHolder = { running?: Promise<unknown>; again?: boolean };
const flushHolder: FlushHolder = ((globalThis as { __broadsheetNotifyFlush?: FlushHolder }).__broadsheetNotifyFlush ??= {});

/** Runs a flush soon (after the current write); one at a time per process, a request meanwhile runs it once more. */
export function scheduleFlush(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (flushHolder.running) {
    flushHolder.again = true;
    return;
  }
  flushHolder.running = (async () => {
    do {
      flushHolder.again = false;
      await flushNotifications().catch((err) => console.error('comment notification flush failed', (err as Error).message));
    } while (flushHolder.again);
  })().finally(() => {
    flushHolder.running = undefined;
  });
}

/** Waits for a flush in progress (tests). */
export async function flushIdle(): Promise<void> {
  while (flushHolder.running) await flushHolder.running;
}
