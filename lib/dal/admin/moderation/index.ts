/**
 * Comment moderation and users' commenting rights, for the admin pages and actions:
 *   queue     the moderation queue and its filters (reads)
 *   comments  moderators' decisions on comments (writes that dirty the threads they touch)
 *   bans      bans and pre-moderation of users
 */
export { articleIdsOfComments, getQueueCounts, listModerationQueue, listQueueArticles, QUEUE_PER_PAGE, type QueueFilter } from './queue';
export { editComment, moderateComments, rejectComment, setCommentPinned, type ModerationResult } from './comments';
export { banUser, FOREVER, setPremoderated, unbanUser } from './bans';
