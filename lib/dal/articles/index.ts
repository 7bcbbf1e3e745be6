/** Public reads of articles, sections, tags and authors (lib/dal/articles/*), under one import path. */
export { type ArticleCard, type ArticleDetail, type AuthorRef } from './cards';
export { listFeedItems, listSitemapEntries } from './feeds';
export { getArticleBySlug, getFrontPage, getRelatedArticles, listArticles, PER_PAGE, type ArticleLookup } from './lists';
export { highlightSnippet, searchArticles, type SearchHit } from './search';
export { getAuthorByHandle, getCategoryBySlug, getTagBySlug, listCategories } from './taxonomy';
