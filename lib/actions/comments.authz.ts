import { randomUUID } from 'node:crypto';
import { form, plainForm, type PublicRows } from './public-authz-types';

const talkers = ['unverified', 'other', 'owner'] as const;

export const rows: PublicRows = {
  // Unverified accounts may post, but what they write is held until the address is verified.
  postCommentAction: {
    allowed: talkers,
    args: (c) => form({ articleId: c.articleId, body: `The library vote deserves a second look (${randomUUID()}).`, stay: '1' }),
  },
  editCommentAction: {
    allowed: ['owner'],
    args: async (c) => form({ commentId: String(await c.ownerComment()), body: `Corrected: the vote was on Tuesday (${randomUUID()}).` }),
  },
  deleteCommentAction: { allowed: ['owner'], args: async (c) => form({ commentId: String(await c.ownerComment()) }) },
  // Votes need a verified address (sock puppets); nobody votes on their own comment.
  voteFormAction: {
    allowed: ['other'],
    args: async (c) => plainForm({ commentId: String(await c.ownerComment()), value: '1', back: `/article/${c.articleSlug}` }),
  },
  voteAction: { allowed: ['other'], args: async (c) => [await c.ownerComment(), 1] },
  // Reports and notification mail need a verified address too; nobody reports their own comment.
  flagCommentAction: {
    allowed: ['other'],
    args: async (c) => form({ commentId: String(await c.ownerComment()), reason: 'spam', note: '' }),
  },
};
