'use server';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import { formValues, type ActionState } from '@/lib/actions/state';
import {
  ArticleConflictError,
  createArticle,
  renderPreview,
  restoreRevision,
  saveArticle,
  type SaveResult,
} from '@/lib/dal/admin/articles';
import { TAGS } from '@/lib/cache-tags';
import { nudgePublishJob } from '@/lib/publishing';
import { articleFormSchema, articleSaveSchema, formObject, previewSchema, restoreRevisionSchema } from '@/lib/validation/admin';
import { adminAction, toState } from './_shared';

const ARRAYS = ['authorIds', 'fpId', 'fpQuote', 'fpQuestion'] as const;

export type ArticleFormState = ActionState & {
  version?: number;
  conflict?: { version: number; title: string; dek: string; bodySource: string; updatedAt: string; by: string | null };
  /** Feedback point rows as typed, so a refused save keeps them. */
  points?: { id: string; quote: string; question: string }[];
};

function invalidate(r: SaveResult) {
  updateTag(TAGS.articles);
  updateTag(TAGS.article(r.id));
  updateTag(TAGS.authors);
  if (r.createdTags) updateTag(TAGS.taxonomy);
  // The publish job re-arms its timer for a newly scheduled time.
  if (r.status === 'scheduled') nudgePublishJob();
}

function typedPoints(formData: FormData) {
  const o = formObject(formData, ARRAYS) as Record<string, string[]>;
  return o.fpQuote.map((quote, i) => ({ id: o.fpId[i] ?? '', quote, question: o.fpQuestion[i] ?? '' }));
}

export async function createArticleAction(_prev: ArticleFormState | undefined, formData: FormData): Promise<ArticleFormState> {
  const state = await adminAction(formData, articleFormSchema, { permission: 'articles:write-own', arrays: ARRAYS }, async (data) => {
    const r = await createArticle(data);
    invalidate(r);
    redirect(`/admin/articles/${r.id}?saved=${data.intent === 'submit' ? 'submitted' : 'created'}`);
  });
  return { ...state, points: typedPoints(formData) };
}

export async function saveArticleAction(_prev: ArticleFormState | undefined, formData: FormData): Promise<ArticleFormState> {
  const points = typedPoints(formData);
  // "Overwrite" saves over the version the conflict reported; a plain save after a conflict conflicts again.
  if (formData.get('intent') === 'overwrite' && formData.get('conflictVersion')) {
    formData.set('version', String(formData.get('conflictVersion')));
  }
  let conflict: ArticleFormState['conflict'];
  let saved: SaveResult | undefined;
  const state = await adminAction(formData, articleSaveSchema, { permission: 'articles:write-own', arrays: ARRAYS }, async (data) => {
    try {
      saved = await saveArticle(data.id, data.version, data);
    } catch (err) {
      if (err instanceof ArticleConflictError) {
        conflict = { ...err.current, updatedAt: err.current.updatedAt.toISOString() };
      }
      throw err;
    }
    invalidate(saved);
    const message =
      data.intent === 'submit'
        ? 'Submitted for review: an editor will take it from here.'
        : saved.status === 'scheduled'
          ? 'Saved and scheduled.'
          : saved.status === 'published'
            ? 'Saved: the article is live.'
            : 'Saved.';
    return { ok: true, message };
  });
  if (saved) {
    const values: Record<string, string> = {
      ...formValues(formData),
      slug: saved.slug,
      status: saved.status,
      version: String(saved.version),
    };
    delete values.conflictVersion;
    return { ...state, values, version: saved.version, points };
  }
  return { ...state, conflict, points };
}

export async function restoreRevisionAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, restoreRevisionSchema, { permission: 'articles:write-own' }, async (data) => {
    const r = await restoreRevision(data.articleId, data.revisionId);
    invalidate(r);
    redirect(`/admin/articles/${r.id}?saved=restored`);
  });
}

/** Server-rendered preview of the editor's text (the same sanitizer and renderer as a save). */
export async function previewArticleAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState & { html?: string }> {
  try {
    const parsed = previewSchema.safeParse(formData.get('bodySource') ?? '');
    if (!parsed.success) return { ok: false, message: 'The text is too long to preview.' };
    return { ok: true, html: await renderPreview(parsed.data) };
  } catch (err) {
    return toState(err);
  }
}
