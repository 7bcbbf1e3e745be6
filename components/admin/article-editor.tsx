'use client';
import Link from 'next/link';
import { startTransition, useActionState, useEffect, useId, useRef, useState } from 'react';
import { createArticleAction, saveArticleAction, type ArticleFormState } from '@/lib/actions/admin/articles';
import { MediaPicker, type PickerItem } from './media-picker';
import { adminButton, adminButtonSecondary, adminInput } from './ui';
import { ConflictNotice } from './editor/conflict-notice';
import { FeedbackPoints, type Point } from './editor/feedback-points';
import { PreviewPane } from './editor/preview-pane';
import { RichTextEditor } from './editor/rich-text-editor';

export type EditorArticle = {
  id: string;
  version: number;
  title: string;
  slug: string;
  dek: string;
  bodySource: string;
  coverImage: string;
  coverAlt: string;
  categoryId: string;
  tags: string;
  authorIds: string[];
  seoTitle: string;
  seoDescription: string;
  commentsOpen: boolean;
  status: 'draft' | 'scheduled' | 'published' | 'archived';
  publishedAt: string | null;
  submittedAt: string | null;
  feedbackPoints: Point[];
  editable: boolean;
};

export type EditorOptions = {
  canPublish: boolean;
  canChooseAuthors: boolean;
  canCreateTags: boolean;
  categories: { id: string; name: string }[];
  authors: { id: string; name: string }[];
  media: PickerItem[];
};

const EMPTY: EditorArticle = {
  id: '',
  version: 0,
  title: '',
  slug: '',
  dek: '',
  bodySource: '',
  coverImage: '',
  coverAlt: '',
  categoryId: '',
  tags: '',
  authorIds: [],
  seoTitle: '',
  seoDescription: '',
  commentsOpen: true,
  status: 'draft',
  publishedAt: null,
  submittedAt: null,
  feedbackPoints: [],
  editable: true,
};

const AUTOSAVE_MS = 10_000;

function utcInput(iso: string | null): string {
  return iso ? iso.slice(0, 16) : '';
}
function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

type Fields = Omit<EditorArticle, 'id' | 'version' | 'feedbackPoints' | 'editable' | 'publishedAt' | 'submittedAt'> & { publishAt: string };

function fieldsFrom(a: EditorArticle, values?: Record<string, string>): Fields {
  const v = values ?? {};
  return {
    title: v.title ?? a.title,
    slug: v.slug ?? a.slug,
    dek: v.dek ?? a.dek,
    bodySource: v.bodySource ?? a.bodySource,
    coverImage: v.coverImage ?? a.coverImage,
    coverAlt: v.coverAlt ?? a.coverAlt,
    categoryId: v.categoryId ?? a.categoryId,
    tags: v.tags ?? a.tags,
    authorIds: a.authorIds,
    seoTitle: v.seoTitle ?? a.seoTitle,
    seoDescription: v.seoDescription ?? a.seoDescription,
    commentsOpen: values ? v.commentsOpen === 'on' : a.commentsOpen,
    status: (v.status as Fields['status']) ?? a.status,
    publishAt: v.publishAt ?? utcInput(a.publishedAt),
  };
}

/** Same rule as the server's slugify (lib/dal/admin/text.ts), to show the slug a save will generate. */
function suggestSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(' ')}
    </p>
  ) : null;
}

/**
 * The article editor: rich text (./editor) with a live server-rendered preview, word count and reading
 * time, metadata, cover from the media library, feedback points marked by selection, status and schedule. Saves carry the loaded version; a conflict shows both
 * texts and offers reload or overwrite. Existing drafts autosave every 10 s when changed.
 */
export function ArticleEditor({ article, options, notice }: { article?: EditorArticle; options: EditorOptions; notice?: string }) {
  const base = article ?? EMPTY;
  const isNew = !article;
  const [state, formAction, pending] = useActionState<ArticleFormState, FormData>(isNew ? createArticleAction : saveArticleAction, {
    ok: false,
  });
  const uid = useId();
  const [f, setF] = useState<Fields>(() => fieldsFrom(base, state.values));
  const [points, setPoints] = useState<Point[]>(() => state.points ?? (base.feedbackPoints.length ? base.feedbackPoints : []));
  const [version, setVersion] = useState(base.version);
  const [dirty, setDirty] = useState(false);
  const [tz, setTz] = useState(0);
  const [autosaved, setAutosaved] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const autosaving = useRef(false);

  // The browser's time zone for datetime-local values; show the stored time in it.
  useEffect(() => {
    setTz(new Date().getTimezoneOffset());
    if (!state.values) setF((x) => ({ ...x, publishAt: localInput(base.publishedAt) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // After a save: take the new version, slug and status; keep everything the user typed.
  useEffect(() => {
    if (state.ok && state.version) {
      setVersion(state.version);
      if (state.values)
        setF((x) => ({ ...x, slug: state.values!.slug ?? x.slug, status: (state.values!.status as Fields['status']) ?? x.status }));
      if (!autosaving.current) setDirty(false);
    }
    if (autosaving.current) {
      autosaving.current = false;
      if (state.ok) {
        setAutosaved(new Date().toLocaleTimeString());
        setDirty(false);
      }
    }
  }, [state]);

  // Autosave existing drafts every ~10 s when something changed (never publishes anything).
  useEffect(() => {
    if (isNew || f.status !== 'draft' || base.status !== 'draft' || !base.editable) return;
    const t = setInterval(() => {
      if (!dirty || pending || state.conflict || !formRef.current) return;
      const fd = new FormData(formRef.current);
      fd.set('intent', 'save');
      autosaving.current = true;
      startTransition(() => formAction(fd));
    }, AUTOSAVE_MS);
    return () => clearInterval(t);
  }, [isNew, f.status, base.status, base.editable, dirty, pending, state.conflict, formAction]);

  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => {
    setF((x) => ({ ...x, [k]: v }));
    setDirty(true);
  };
  const err = (k: string) => state.fieldErrors?.[k];
  const inv = (k: string) => (err(k)?.length ? true : undefined);
  const desc = (k: string) => (err(k)?.length ? `${uid}-${k}-err` : undefined);
  const readOnly = !base.editable;
  const conflict = state.conflict;

  return (
    <form
      ref={formRef}
      action={formAction}
      className="space-y-6"
      noValidate
      onKeyDown={(e) => {
        // Ctrl/Cmd+S saves, like a desktop editor, wherever the focus is in the form.
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          const save = formRef.current?.querySelector<HTMLButtonElement>('button[name="intent"][value="save"]');
          if (save && !save.disabled) formRef.current?.requestSubmit(save);
        }
      }}
    >
      {notice ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
          {notice}
        </p>
      ) : null}
      {state.message && !autosaving.current ? (
        <p
          role={state.ok ? 'status' : 'alert'}
          className={
            state.ok
              ? 'rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900'
              : 'rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900'
          }
        >
          {state.message}
        </p>
      ) : null}
      {autosaved ? (
        <p className="text-sm text-stone-600" aria-live="polite">
          Draft autosaved at {autosaved}.
        </p>
      ) : null}
      {readOnly ? (
        <p className="rounded border border-amber-700 bg-amber-50 px-3 py-2">
          This article is no longer a draft: only an editor can change it.
        </p>
      ) : null}

      {conflict ? <ConflictNotice conflict={conflict} articleId={base.id} pending={pending} uid={uid} /> : null}

      {!isNew && <input type="hidden" name="id" value={base.id} />}
      {!isNew && <input type="hidden" name="version" value={version} />}
      <input type="hidden" name="tzOffset" value={tz} />

      <div>
        <label htmlFor={`${uid}-title`} className="block text-sm font-semibold">
          Title
        </label>
        <input
          id={`${uid}-title`}
          name="title"
          value={f.title}
          onChange={(e) => set('title', e.target.value)}
          maxLength={200}
          readOnly={readOnly}
          aria-invalid={inv('title')}
          aria-describedby={desc('title')}
          className={`${adminInput} font-serif text-xl`}
        />
        <FieldError id={`${uid}-title-err`} errors={err('title')} />
      </div>
      <div>
        <label htmlFor={`${uid}-slug`} className="block text-sm font-semibold">
          Slug
        </label>
        <p id={`${uid}-slug-hint`} className="text-sm text-stone-600">
          Made from the title when left empty. Changing it later keeps the old address working (301).
        </p>
        <input
          id={`${uid}-slug`}
          name="slug"
          value={f.slug}
          placeholder={suggestSlug(f.title)}
          onChange={(e) => set('slug', e.target.value)}
          maxLength={120}
          readOnly={readOnly}
          aria-invalid={inv('slug')}
          aria-describedby={[`${uid}-slug-hint`, desc('slug')].filter(Boolean).join(' ')}
          className={adminInput}
        />
        <FieldError id={`${uid}-slug-err`} errors={err('slug')} />
      </div>
      <div>
        <label htmlFor={`${uid}-dek`} className="block text-sm font-semibold">
          Standfirst
        </label>
        <textarea
          id={`${uid}-dek`}
          name="dek"
          value={f.dek}
          onChange={(e) => set('dek', e.target.value)}
          rows={2}
          maxLength={500}
          readOnly={readOnly}
          aria-invalid={inv('dek')}
          aria-describedby={desc('dek')}
          className={adminInput}
        />
        <FieldError id={`${uid}-dek-err`} errors={err('dek')} />
      </div>

      <div className="grid gap-4 xl:grid-cols-2">
        <div className="min-w-0">
          <RichTextEditor
            name="bodySource"
            value={f.bodySource}
            onChange={(v) => set('bodySource', v)}
            readOnly={readOnly}
            media={options.media}
            invalid={inv('bodySource')}
            describedBy={desc('bodySource')}
            onAskReaders={(quote, question) => {
              setPoints([...points, { id: '', quote, question }]);
              setDirty(true);
            }}
          />
          <FieldError id={`${uid}-bodySource-err`} errors={err('bodySource')} />
        </div>
        <PreviewPane html={f.bodySource} />
      </div>

      <MediaPicker
        items={options.media}
        value={f.coverImage}
        onChange={(v) => set('coverImage', v)}
        disabled={readOnly}
        error={err('coverImage')}
      />
      <div>
        <label htmlFor={`${uid}-coverAlt`} className="block text-sm font-semibold">
          Cover description (alt text)
        </label>
        <input
          id={`${uid}-coverAlt`}
          name="coverAlt"
          value={f.coverAlt}
          onChange={(e) => set('coverAlt', e.target.value)}
          maxLength={300}
          readOnly={readOnly}
          className={adminInput}
        />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${uid}-cat`} className="block text-sm font-semibold">
            Section
          </label>
          <select
            id={`${uid}-cat`}
            name="categoryId"
            value={f.categoryId}
            onChange={(e) => set('categoryId', e.target.value)}
            disabled={readOnly}
            aria-invalid={inv('categoryId')}
            aria-describedby={desc('categoryId')}
            className={adminInput}
          >
            <option value="">No section</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id={`${uid}-categoryId-err`} errors={err('categoryId')} />
        </div>
        <div>
          <label htmlFor={`${uid}-tags`} className="block text-sm font-semibold">
            Tags
          </label>
          <input
            id={`${uid}-tags`}
            name="tags"
            value={f.tags}
            onChange={(e) => set('tags', e.target.value)}
            readOnly={readOnly}
            aria-invalid={inv('tags')}
            aria-describedby={[`${uid}-tags-hint`, desc('tags')].filter(Boolean).join(' ')}
            className={adminInput}
          />
          <p id={`${uid}-tags-hint`} className="text-sm text-stone-600">
            Comma-separated. {options.canCreateTags ? 'New tags are created when you save.' : 'Only editors can create new tags.'}
          </p>
          <FieldError id={`${uid}-tags-err`} errors={err('tags')} />
        </div>
      </div>

      {options.canChooseAuthors ? (
        <fieldset>
          <legend className="text-sm font-semibold">Byline</legend>
          <p className="text-sm text-stone-600">Leave all unticked to keep the current byline.</p>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {options.authors.map((a) => (
              <label key={a.id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="authorIds"
                  value={a.id}
                  checked={f.authorIds.includes(a.id)}
                  onChange={(e) => set('authorIds', e.target.checked ? [...f.authorIds, a.id] : f.authorIds.filter((x) => x !== a.id))}
                />
                {a.name}
              </label>
            ))}
          </div>
          <FieldError id={`${uid}-authorIds-err`} errors={err('authorIds')} />
        </fieldset>
      ) : null}

      <FeedbackPoints
        points={points}
        readOnly={readOnly}
        errors={err('feedbackPoints')}
        onChange={(p) => {
          setPoints(p);
          setDirty(true);
        }}
      />

      <details className="rounded border border-stone-300 p-3" open={!!(err('seoTitle') || err('seoDescription'))}>
        <summary className="cursor-pointer font-semibold">Search and sharing</summary>
        <div className="mt-3 space-y-3">
          <div>
            <label htmlFor={`${uid}-seoTitle`} className="block text-sm font-semibold">
              SEO title
            </label>
            <input
              id={`${uid}-seoTitle`}
              name="seoTitle"
              value={f.seoTitle}
              onChange={(e) => set('seoTitle', e.target.value)}
              maxLength={120}
              readOnly={readOnly}
              className={adminInput}
            />
          </div>
          <div>
            <label htmlFor={`${uid}-seoDescription`} className="block text-sm font-semibold">
              SEO description
            </label>
            <textarea
              id={`${uid}-seoDescription`}
              name="seoDescription"
              value={f.seoDescription}
              onChange={(e) => set('seoDescription', e.target.value)}
              rows={2}
              maxLength={300}
              readOnly={readOnly}
              className={adminInput}
            />
          </div>
        </div>
      </details>

      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          name="commentsOpen"
          checked={f.commentsOpen}
          onChange={(e) => set('commentsOpen', e.target.checked)}
          disabled={readOnly}
        />
        Comments open
      </label>

      {options.canPublish ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${uid}-status`} className="block text-sm font-semibold">
              Status
            </label>
            <select
              id={`${uid}-status`}
              name="status"
              value={f.status}
              onChange={(e) => set('status', e.target.value as Fields['status'])}
              className={adminInput}
            >
              <option value="draft">Draft</option>
              <option value="scheduled">Scheduled</option>
              <option value="published">Published</option>
              <option value="archived">Archived</option>
            </select>
          </div>
          <div>
            <label htmlFor={`${uid}-publishAt`} className="block text-sm font-semibold">
              Publish at
            </label>
            <input
              id={`${uid}-publishAt`}
              name="publishAt"
              type="datetime-local"
              value={f.publishAt}
              onChange={(e) => set('publishAt', e.target.value)}
              aria-invalid={inv('publishAt')}
              aria-describedby={[`${uid}-publishAt-hint`, desc('publishAt')].filter(Boolean).join(' ')}
              className={adminInput}
            />
            <p id={`${uid}-publishAt-hint`} className="text-sm text-stone-600">
              Your local time. Needed for “Scheduled”; empty means now when publishing.
            </p>
            <FieldError id={`${uid}-publishAt-err`} errors={err('publishAt')} />
          </div>
        </div>
      ) : (
        <>
          <input type="hidden" name="status" value="draft" />
          <p className="text-sm text-stone-600">
            Status: {base.status}
            {base.submittedAt ? ' (submitted for review)' : ''}. An editor schedules or publishes it.
          </p>
        </>
      )}

      {!readOnly || options.canPublish ? (
        <div className="flex flex-wrap gap-2 border-t border-stone-300 py-3" data-testid="save-bar">
          <button type="submit" name="intent" value="save" className={adminButton} disabled={pending}>
            {isNew ? 'Create draft' : 'Save'}
          </button>
          {!options.canPublish && base.status === 'draft' ? (
            <button type="submit" name="intent" value="submit" className={adminButtonSecondary} disabled={pending}>
              Submit for review
            </button>
          ) : null}
          {!isNew ? (
            <a href={`/api/draft?id=${encodeURIComponent(base.id)}`} className={adminButtonSecondary}>
              Preview as a reader
            </a>
          ) : null}
          {!isNew ? (
            <Link href={`/admin/articles/${base.id}/revisions`} className="self-center text-sm underline">
              Revisions
            </Link>
          ) : null}
          {dirty ? <span className="self-center text-sm text-stone-600">Unsaved changes</span> : null}
        </div>
      ) : null}
    </form>
  );
}
