/**
 * Comments: what the rest of the app uses, so `@/lib/dal/comments` reads as one module.
 *   cursors     keyset cursors from the address bar      rows        CommentNode and the row mapping
 *   reads       cached thread pages and reply pages       permalinks  one comment in its thread
 *   anchors     passages, feedback points, inline marks   viewer      the viewer's votes, sources, held comments
 *   posting     posting policy                            editing     a reader's edit and delete
 *   votes       votes and reports                         live        live events (NOTIFY)
 *   counters    the counts readers see                    tags        the cache tags a comment write dirties
 */
export { anchorAttached, detachedCommentIds, listFeedbackComments, listFeedbackPoints, listInlineAnchors } from './anchors';
export { getArticleForComments } from './articles';
export { cursorKind, decodeCursor, encodeCursor, type CursorKind } from './cursors';
export { DUPLICATE_WINDOW_MS, hashBody, normalizeBody } from './duplicates';
export { deleteComment, editComment } from './editing';
export { LIVE_CHANNEL, loadLiveComment, publishEvents, recordLiveEvent, type LiveComment, type LiveNotice } from './live';
export { getCommentContext, getCommentContextCached, getThreadView, type CommentContext, type ThreadView } from './permalinks';
export { postComment, UNVERIFIED_COMMENT_MESSAGE, type PostInput, type PostResult } from './posting';
export { getThreadPage, loadReplies, loadThreadPage, REPLY_PAGE_SIZE, TOP_PAGE_SIZE } from './reads';
export { markSupporters, type CommentNode, type ThreadPage } from './rows';
export { getOwnCommentBodies, getViewerVotes, listMyHeldComments } from './viewer';
export { castVote, flagComment } from './votes';
