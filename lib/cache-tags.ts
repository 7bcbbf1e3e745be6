/**
 * Every cache tag in one place. Cached reads tag themselves with these; the write that changes the data
 * invalidates them (updateTag in server actions, revalidateTag in route handlers).
 */
export const TAGS = {
  /** Lists, lookups by slug, feeds, sitemap, search: anything that changes when an article is published or edited. */
  articles: 'articles',
  article: (id: string) => `article:${id}`,
  /** A public lookup by slug, whatever it found (an article, a redirect or nothing), so publishing can clear a cached 404. */
  articleSlug: (slug: string) => `article-slug:${slug}`,
  taxonomy: 'taxonomy',
  authors: 'authors',
  user: (id: string) => `user:${id}`,
  comments: (articleId: string) => `comments:${articleId}`,
  commentCounts: 'comment-counts',
  campaigns: 'campaigns',
  campaign: (id: string) => `campaign:${id}`,
  /** One pledge's page for the holder of its secret link. */
  pledge: (id: string) => `pledge:${id}`,
  settings: 'settings',
} as const;

/** What a change to a campaign (its bar, its donor wall, its pledges' totals) dirties. */
export const campaignTags = (id: string) => [TAGS.campaigns, TAGS.campaign(id)];
