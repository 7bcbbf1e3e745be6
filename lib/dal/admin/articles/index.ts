/** The newsroom's article reads and writes (lib/dal/admin/articles/*), under one import path. */
export {
  ADMIN_PER_PAGE,
  getArticleForEdit,
  getEditorOptions,
  listAdminArticles,
  renderPreview,
  type AdminArticleFilter,
  type EditableArticle,
} from './desk';
export { parseLocalDateTime } from './publication';
export { listRevisions, restoreRevision } from './revisions';
export { ArticleConflictError, createArticle, saveArticle } from './save';
export type { SaveResult } from './revisions';
