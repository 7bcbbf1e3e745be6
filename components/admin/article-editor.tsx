'use client';
import { startTransition, useActionState, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { createArticleAction, saveArticleAction, type ArticleFormState } from '@/lib/actions/admin/articles';
import { MediaPicker } from './media-picker';
import { EditorField } from './editor/editor-field';
import { ConflictNotice } from './editor/conflict-notice';
import { FeedbackPoints, type Point } from './editor/feedback-points';
import { FieldError } from './editor/field-error';
import { EMPTY_ARTICLE, fieldA11y, fieldsFrom, publishAtInput, type EditorArticle, type EditorOptions, type Fields } from './editor/fields';
import { HeadlineFields } from './editor/headline-fields';
import { PreviewPane } from './editor/preview-pane';
import { PublicationFields } from './editor/publication-fields';
import { RichTextEditor } from './editor/rich-text-editor';
import { SaveBar } from './editor/save-bar';
import { SeoFields } from './editor/seo-fields';
import { TaxonomyFields } from './editor/taxonomy-fields';

export type { EditorArticle, EditorOptions } from './editor/fields';

const AUTOSAVE_MS = 10_000;

const subscribeNothing = () => () => {};

/**
 * The article editor: rich text (./editor) with a live server-rendered preview, word count and reading
 * time, metadata, cover from the media library, feedback points marked by selection, status and schedule. Saves carry the loaded version; a conflict shows both
 * texts and offers reload or overwrite. Existing drafts autosave every 10 s when changed.
 */
export function ArticleEditor({ article, options, notice }: { article?: EditorArticle; options: EditorOptions; notice?: string }) {
  const base = article ?? EMPTY_ARTICLE;
  const isNew = !article;
  const [state, formAction, pending] = useActionState<ArticleFormState, FormData>(isNew ? createArticleAction : saveArticleAction, {
    ok: false,
  });
  const uid = useId();
  const [f, setF] = useState<Fields>(() => fieldsFrom(base, state.values));
  const [points, setPoints] = useState<Point[]>(() => state.points ?? base.feedbackPoints);
  const [version, setVersion] = useState(base.version);
  const [dirty, setDirty] = useState(false);
  /** When the autosave in flight was sent; the time shown once it is saved. */
  const [autosaveSentAt, setAutosaveSentAt] = useState<string | null>(null);
  const [autosaved, setAutosaved] = useState<string | null>(null);
  const [lastWasAutosave, setLastWasAutosave] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // The browser's time zone, for datetime-local values: unknown on the server, filled in at hydration.
  const tz = useSyncExternalStore(
    subscribeNothing,
    () => new Date().getTimezoneOffset(),
    () => 0,
  );
  const inBrowser = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );

  // A save came back: take the new version, slug and status; keep everything the user typed.
  const [handled, setHandled] = useState(state);
  if (handled !== state) {
    setHandled(state);
    const wasAutosave = autosaveSentAt !== null;
    setLastWasAutosave(wasAutosave);
    if (state.ok && state.version) {
      setVersion(state.version);
      const v = state.values;
      if (v) setF((x) => ({ ...x, slug: v.slug ?? x.slug, status: (v.status as Fields['status']) ?? x.status }));
      setDirty(false);
    }
    if (wasAutosave) {
      setAutosaveSentAt(null);
      if (state.ok) {
        setAutosaved(autosaveSentAt);
        setDirty(false);
      }
    }
  }

  // Autosave existing drafts every ~10 s when something changed (never publishes anything).
  useEffect(() => {
    if (isNew || f.status !== 'draft' || base.status !== 'draft' || !base.editable) return;
    const t = setInterval(() => {
      if (!dirty || pending || state.conflict || !formRef.current) return;
      const fd = new FormData(formRef.current);
      fd.set('intent', 'save');
      setAutosaveSentAt(new Date().toLocaleTimeString());
      startTransition(() => formAction(fd));
    }, AUTOSAVE_MS);
    return () => clearInterval(t);
  }, [isNew, f.status, base.status, base.editable, dirty, pending, state.conflict, formAction]);

  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => {
    setF((x) => ({ ...x, [k]: v }));
    setDirty(true);
  };
  const a11y = fieldA11y(uid, state.fieldErrors);
  const { err, inv, desc } = a11y;
  const readOnly = !base.editable;
  const conflict = state.conflict;
  // An autosave reports itself in its own line; only a failed one shows its message.
  const showMessage = !!state.message && autosaveSentAt === null && !(lastWasAutosave && state.ok);
  const groupProps = { f, set, readOnly, uid, a11y };

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
      {showMessage ? (
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

      <HeadlineFields {...groupProps} />

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
      <EditorField g={groupProps} name="coverAlt" label="Cover description (alt text)">
        {(p) => <input {...p} maxLength={300} />}
      </EditorField>

      <TaxonomyFields {...groupProps} options={options} />

      <FeedbackPoints
        points={points}
        readOnly={readOnly}
        errors={err('feedbackPoints')}
        onChange={(p) => {
          setPoints(p);
          setDirty(true);
        }}
      />

      <SeoFields {...groupProps} />

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

      <PublicationFields
        {...groupProps}
        canPublish={options.canPublish}
        publishAt={f.publishAt ?? publishAtInput(base.publishedAt, inBrowser)}
        article={base}
      />

      {!readOnly || options.canPublish ? (
        <SaveBar
          articleId={base.id}
          isNew={isNew}
          canPublish={options.canPublish}
          isDraft={base.status === 'draft'}
          pending={pending}
          dirty={dirty}
        />
      ) : null}
    </form>
  );
}
