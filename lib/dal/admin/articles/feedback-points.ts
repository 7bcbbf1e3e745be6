import 'server-only';
/**
 * Feedback points: passages of the article the newsroom asks readers about, anchored in the text
 * (lib/anchoring) so they follow it through later edits.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { feedbackPoints, type TextAnchor } from '@/db/schema';
import { describeRange, locateAnchor, reanchor } from '@/lib/anchoring/text-quote';
import type { ArticleForm } from '@/lib/validation/admin';
import { fieldError } from './access';

export type StoredPoint = { id: string; quote: string; prefix: string; suffix: string };

/**
 * Each feedback point's passage in the new text (lib/anchoring). A point kept from before is re-anchored
 * from its stored quote and context, so edits around (or a word inside) its passage keep it; a point whose
 * passage was deleted is refused with a message. A newly selected passage must be in the text as selected.
 */
export function resolveFeedbackPoints(input: ArticleForm, text: string, stored: StoredPoint[]) {
  const n = Math.max(input.fpQuote.length, input.fpQuestion.length);
  const rows: { id: string | null; quote: string; question: string; prefix: string; suffix: string }[] = [];
  for (let i = 0; i < n; i++) {
    const quote = (input.fpQuote[i] ?? '').replace(/\s+/g, ' ').trim();
    const question = (input.fpQuestion[i] ?? '').trim();
    if (!quote && !question) continue;
    if (!quote || !question) throw fieldError('feedbackPoints', 'Each feedback point needs both a quoted passage and a question.');
    const id = input.fpId[i] || null;
    // The editor only asks new questions of existing points (components/admin/editor/feedback-points.tsx),
    // and the quote it posts may predate its last save: the stored anchor is what follows the text.
    const before = id ? stored.find((p) => p.id === id) : undefined;
    let anchor: TextAnchor | null;
    if (before) {
      anchor = reanchor(text, { exact: before.quote, prefix: before.prefix, suffix: before.suffix });
      if (!anchor)
        throw fieldError(
          'feedbackPoints',
          `The passage “${before.quote.slice(0, 60)}” was taken out of the text: remove its feedback point or select the passage again.`,
        );
    } else {
      const at = locateAnchor(text, { exact: quote, prefix: '', suffix: '' });
      const found = at && text.slice(at.start, at.end).replace(/\s+/g, ' ').trim() === quote;
      if (!found)
        throw fieldError('feedbackPoints', `The passage “${quote.slice(0, 60)}” does not appear word for word in the article text.`);
      anchor = describeRange(text, at.start, at.end);
    }
    rows.push({ id, quote: anchor.exact, question, prefix: anchor.prefix, suffix: anchor.suffix });
  }
  return rows;
}

export type ResolvedPoint = ReturnType<typeof resolveFeedbackPoints>[number];

/** Stores the points as resolved: drops the ones no longer sent, updates kept ones, inserts new ones. */
export async function writeFeedbackPoints(tx: Tx, articleId: string, createdBy: string, points: ResolvedPoint[]) {
  const keep = points.map((p) => p.id).filter((x): x is string => !!x);
  await tx
    .delete(feedbackPoints)
    .where(and(eq(feedbackPoints.articleId, articleId), keep.length ? notInArray(feedbackPoints.id, keep) : undefined));
  for (const p of points) {
    const values = { quote: p.quote, question: p.question, prefix: p.prefix, suffix: p.suffix };
    if (p.id) {
      const updated = await tx
        .update(feedbackPoints)
        .set(values)
        .where(and(eq(feedbackPoints.id, p.id), eq(feedbackPoints.articleId, articleId)))
        .returning({ id: feedbackPoints.id });
      if (updated.length) continue;
    }
    await tx.insert(feedbackPoints).values({ ...values, articleId, createdBy });
  }
}
