/** A staff feedback point shown in place: the question, the latest comments on it, and a form. */
import { listFeedbackComments } from '@/lib/dal/comments';
import { CommentForm } from './comment-form';

type Point = { id: string; quote: string; question: string; count: number };

export async function FeedbackPanel({ point, articleId, back, open }: { point: Point; articleId: string; back: string; open: boolean }) {
  const latest = point.count ? await listFeedbackComments(articleId, point.id) : [];
  return (
    <details id={`feedback-${point.id}`} className="not-prose my-3 rounded border border-amber-500 bg-amber-50 p-3 font-sans text-base">
      <summary className="cursor-pointer font-semibold">
        {point.question}{' '}
        <span className="font-normal text-stone-600">
          ({point.count} {point.count === 1 ? 'comment' : 'comments'})
        </span>
      </summary>
      {latest.length > 0 && (
        <ul className="mt-2 space-y-2 text-sm" aria-label="Comments on this passage">
          {latest.map((c) => (
            <li key={c.id}>
              <a href={`#comment-${c.id}`} className="font-semibold">
                {c.authorName}
              </a>
              <div className="[&_p]:my-0.5" dangerouslySetInnerHTML={{ __html: c.bodyHtml ?? '' }} />
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div className="mt-3">
          <CommentForm
            articleId={articleId}
            back={back}
            feedbackPointId={point.id}
            label={`Your answer: ${point.question}`}
            submitLabel="Post comment"
          />
        </div>
      )}
    </details>
  );
}
