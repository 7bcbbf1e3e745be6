'use server';
import { action } from '@/lib/actions/safe-action';
import {
  banUser,
  editComment,
  moderateComments,
  rejectComment,
  setCommentPinned,
  setPremoderated,
  unbanUser,
  FOREVER,
} from '@/lib/dal/admin/moderation';
import {
  banFormSchema,
  bulkModerationSchema,
  editCommentSchema,
  parseUtcDateTime,
  pinCommentSchema,
  premoderateSchema,
  rejectCommentSchema,
  userIdSchema,
} from '@/lib/validation/admin';

const comments = { permission: 'comments:moderate' } as const;
const people = { permission: 'users:moderate' } as const;

const DONE = { approve: 'Approved', reject: 'Rejected with your reason', spam: 'Marked as spam', trash: 'Moved to trash' } as const;

/**
 * Approve, reject with a reason, spam or trash one or more comments (the queue's bulk bar and each item's
 * buttons). Without JavaScript the queue page shows the result (readFlash('moderation') there).
 */
export const moderateCommentsAction = action(
  { access: comments, schema: bulkModerationSchema, arrays: ['ids', 'pageIds'], flash: 'moderation' },
  async (data) => {
    const r =
      data.action === 'reject' ? await moderateComments(data.ids, 'trash', data.reason) : await moderateComments(data.ids, data.action);
    return { ok: true, message: `${DONE[data.action]}: ${r.changed} comment${r.changed === 1 ? '' : 's'}.` };
  },
);

/** Rejects a comment with a reason its author sees next to it. */
export const rejectCommentAction = action({ access: comments, schema: rejectCommentSchema }, async (data) => {
  await rejectComment(data.id, data.reason);
  return { ok: true, message: 'Rejected: the author can see your reason.' };
});

export const editCommentAction = action({ access: comments, schema: editCommentSchema }, async (data) => {
  await editComment(data.id, data.body);
  return { ok: true, message: 'Comment edited; the earlier text is kept in its history.' };
});

/** Pins (features) a comment at the top of its thread, or unpins it. */
export const pinCommentAction = action({ access: comments, schema: pinCommentSchema }, async (data) => {
  await setCommentPinned(data.id, data.pinned);
  return { ok: true, message: data.pinned ? 'Pinned to the top of the thread.' : 'Unpinned.' };
});

function describeEnd(d: Date): string {
  return d.getTime() >= FOREVER.getTime() - 1000 ? 'for good' : `until ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Bans a user for some days, until a date, or for good, with a reason they see when they try to comment. */
export const banUserAction = action({ access: people, schema: banFormSchema }, async (data) => {
  const duration =
    data.duration === 'forever' ? ('forever' as const) : data.duration === 'until' ? parseUtcDateTime(data.until)! : Number(data.duration);
  const r = await banUser(data.userId, duration, data.reason);
  return { ok: true, message: `Banned ${describeEnd(r.bannedUntil)}. Their sessions have ended.` };
});

export const unbanUserAction = action({ access: people, schema: userIdSchema }, async (data) => {
  await unbanUser(data.userId);
  return { ok: true, message: 'Ban lifted.' };
});

/** Holds every future comment of the user for review (pre-moderation), or stops doing so. */
export const premoderateUserAction = action({ access: people, schema: premoderateSchema }, async (data) => {
  await setPremoderated(data.userId, data.premoderated);
  return { ok: true, message: data.premoderated ? 'Their comments will be held for review.' : 'Their comments are no longer held.' };
});
