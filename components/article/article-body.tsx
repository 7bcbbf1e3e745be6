/** The article's sanitized HTML body (sanitized when saved by the newsroom). */
export function ArticleBody({ html }: { html: string; articleId: string }) {
  return <div className="prose-article" dangerouslySetInnerHTML={{ __html: html }} />;
}
