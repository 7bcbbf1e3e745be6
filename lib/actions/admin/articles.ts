'use server';
import { redirect } from 'next/navigation';
import { formObject, type ActionState } from '@/lib/actions/state';
import { action } from '@/lib/actions/safe-action';
import { ArticleConflictError, createArticle, renderPreview, restoreRevision, saveArticle } from '@/lib/dal/admin/articles';
import { nudgePublishJob } from '@/lib/publishing';
import { articleFormSchema, articlePreviewSchema, articleSaveSchema, restoreRevisionSchema } from '@/lib/validation/admin';

const ARRAYS = ['authorIds', 'fpId', 'fpQuote', 'fpQuestion'] as const;
const access = { permission: 'articles:write-own' } as const;

export type ArticleFormState = ActionState & {
  version?: number;
  conflict?: { version: number; title: string; dek: string; bodySource: string; updatedAt: string; by: string | null };
  /** Feedback point rows as typed, so a refused save keeps them. */
  points?: { id: string; quote: string; question: string }[];
};

function typedPoints(formData: FormData): Pick<ArticleFormState, 'points'> {
  const o = formObject(formData, ARRAYS) as Record<string, string[]>;
  return { points: o.fpQuote.map((quote, i) => ({ id: o.fpId[i] ?? '', quote, question: o.fpQuestion[i] ?? '' })) };
}

export const createArticleAction = action<typeof articleFormSchema, typeof access, ArticleFormState>(
  { access, schema: articleFormSchema, arrays: ARRAYS, echo: typedPoints },
  async (data) => {
    const r = await createArticle(data);
    if (r.status === 'scheduled') nudgePublishJob();
    redirect(`/admin/articles/${r.id}?saved=${data.intent === 'submit' ? 'submitted' : 'created'}`);
  },
);

export const saveArticleAction = action<typeof articleSaveSchema, typeof access, ArticleFormState>(
  { access, schema: articleSaveSchema, arrays: ARRAYS, echo: typedPoints },
  async (data, { formData, values }) => {
    // "Overwrite" saves over the version the conflict reported; a plain save after a conflict conflicts again.
    const conflictVersion = Number(formData.get('conflictVersion'));
    const version = data.intent === 'overwrite' && conflictVersion > 0 ? conflictVersion : data.version;
    let saved;
    try {
      saved = await saveArticle(data.id, version, data);
    } catch (err) {
      if (!(err instanceof ArticleConflictError)) throw err;
      return { ok: false, message: err.message, values, conflict: { ...err.current, updatedAt: err.current.updatedAt.toISOString() } };
    }
    // The publish job re-arms its timer for a newly scheduled time.
    if (saved.status === 'scheduled') nudgePublishJob();
    const message =
      data.intent === 'submit'
        ? 'Submitted for review: an editor will take it from here.'
        : saved.status === 'scheduled'
          ? 'Saved and scheduled.'
          : saved.status === 'published'
            ? 'Saved: the article is live.'
            : 'Saved.';
    const kept: Record<string, string> = {
      ...values,
      slug: saved.slug,
      status: saved.status,
      version: String(saved.version),
    };
    delete kept.conflictVersion;
    return { ok: true, message, values: kept, version: saved.version };
  },
);

export const restoreRevisionAction = action({ access, schema: restoreRevisionSchema }, async (data) => {
  const r = await restoreRevision(data.articleId, data.revisionId);
  if (r.status === 'scheduled') nudgePublishJob();
  redirect(`/admin/articles/${r.id}?saved=restored`);
});

/** Server-rendered preview of the editor's text (the same sanitizer and renderer as a save). */
export const previewArticleAction = action<typeof articlePreviewSchema, typeof access, ActionState & { html?: string }>(
  { access, schema: articlePreviewSchema, invalid: 'The text is too long to preview.' },
  async ({ bodySource }) => ({ ok: true, html: await renderPreview(bodySource) }),
);
