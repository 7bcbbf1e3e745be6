/** The comment thread under an article. Owned by the comments work. */
export async function CommentsSection(_props: { articleId: string; slug: string; commentsOpen: boolean }) {
  return null;
}
