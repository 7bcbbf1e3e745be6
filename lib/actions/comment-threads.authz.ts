import { EVERYONE, type PublicRows } from './public-authz-types';

// Reads: anyone may call them; they write nothing.
export const rows: PublicRows = {
  viewerThreadStateAction: { allowed: EVERYONE, readOnly: true, args: (c) => [c.articleId, []] },
  loadMoreThreadsAction: { allowed: EVERYONE, readOnly: true, args: (c) => [c.articleId, 'newest', ''] },
};
