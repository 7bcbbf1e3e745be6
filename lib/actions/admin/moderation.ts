'use server';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import {
  banUser,
  editComment,
  moderateComments,
  rejectComment,
  setCommentPinned,
  setPremoderated,
  unbanUser,
  FOREVER,
  type ModerationResult,
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
import { flash } from '@/lib/actions/form-flash';
import { adminAction } from './_shared';

/** The flash name of the queue's shared result (see QueueFeedback). */
const MODERATION_FLASH = 'moderation';

/** A moderation write changes what readers see in the thread and in comment counts. */
function invalidateThreads(r: ModerationResult) {
  for (const id of r.articleIds) {
    updateTag(TAGS.comments(id));
    updateTag(TAGS.article(id));
  }
  updateTag(TAGS.commentCounts);
}

const DONE = { approve: 'Approved', reject: 'Rejected with your reason', spam: 'Marked as spam', trash: 'Moved to trash' } as const;

/** Approve, reject with a reason, spam or trash one or more comments (the queue's bulk bar and each item's buttons). */
export async function moderateCommentsAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  // Without JavaScript the queue page shows the result (readFlash in app/admin/comments/page.tsx).
  return flash(
    MODERATION_FLASH,
    await adminAction(formData, bulkModerationSchema, { permission: 'comments:moderate', arrays: ['ids', 'pageIds'] }, async (data) => {
      const r =
        data.action === 'reject' ? await moderateComments(data.ids, 'trash', data.reason) : await moderateComments(data.ids, data.action);
      invalidateThreads(r);
      return { ok: true, message: `${DONE[data.action]}: ${r.changed} comment${r.changed === 1 ? '' : 's'}.` };
    }),
  );
}

/** Rejects a comment with a reason its author sees next to it. */
export async function rejectCommentAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, rejectCommentSchema, { permission: 'comments:moderate' }, async (data) => {
    invalidateThreads(await rejectComment(data.id, data.reason));
    return { ok: true, message: 'Rejected: the author can see your reason.' };
  });
}

export async function editCommentAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, editCommentSchema, { permission: 'comments:moderate' }, async (data) => {
    invalidateThreads(await editComment(data.id, data.body));
    return { ok: true, message: 'Comment edited; the earlier text is kept in its history.' };
  });
}

/** Pins (features) a comment at the top of its thread, or unpins it. */
export async function pinCommentAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, pinCommentSchema, { permission: 'comments:moderate' }, async (data) => {
    invalidateThreads(await setCommentPinned(data.id, data.pinned));
    return { ok: true, message: data.pinned ? 'Pinned to the top of the thread.' : 'Unpinned.' };
  });
}

function describeEnd(d: Date): string {
  return d.getTime() >= FOREVER.getTime() - 1000 ? 'for good' : `until ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Bans a user for some days, until a date, or for good, with a reason they see when they try to comment. */
export async function banUserAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, banFormSchema, { permission: 'users:moderate' }, async (data) => {
    const duration =
      data.duration === 'forever'
        ? ('forever' as const)
        : data.duration === 'until'
          ? parseUtcDateTime(data.until)!
          : Number(data.duration);
    const r = await banUser(data.userId, duration, data.reason);
    updateTag(TAGS.user(data.userId));
    return { ok: true, message: `Banned ${describeEnd(r.bannedUntil)}. Their sessions have ended.` };
  });
}

export async function unbanUserAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, userIdSchema, { permission: 'users:moderate' }, async (data) => {
    await unbanUser(data.userId);
    updateTag(TAGS.user(data.userId));
    return { ok: true, message: 'Ban lifted.' };
  });
}

/** Holds every future comment of the user for review (pre-moderation), or stops doing so. */
export async function premoderateUserAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, premoderateSchema, { permission: 'users:moderate' }, async (data) => {
    await setPremoderated(data.userId, data.premoderated);
    return { ok: true, message: data.premoderated ? 'Their comments will be held for review.' : 'Their comments are no longer held.' };
  });
}
