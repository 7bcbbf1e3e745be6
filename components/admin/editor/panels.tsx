'use client';
/** The editor's small panels above the text: link, embed, and a question for readers; their shared frame. */
import type { Editor } from '@tiptap/react';
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { adminButton, adminButtonSecondary, adminInput } from '../ui';

/** Enter inside a panel applies it instead of submitting the article form around it. */
export const onEnter = (apply: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
    e.preventDefault();
    apply();
  }
};

export function Shell({ label, children, onClose }: { label: string; children: ReactNode; onClose: () => void }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="space-y-2 border border-b-0 border-stone-400 bg-white p-3"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      {children}
    </div>
  );
}

function UrlPanel({
  label,
  field,
  apply,
  onClose,
  initial = '',
}: {
  label: string;
  field: string;
  apply: (url: string) => string | null;
  onClose: () => void;
  initial?: string;
}) {
  const uid = useId();
  const [url, setUrl] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const go = () => {
    const e = apply(url.trim());
    if (e) setError(e);
    else onClose();
  };
  return (
    <Shell label={label} onClose={onClose}>
      <label htmlFor={`${uid}-url`} className="block text-sm font-semibold">
        {field}
      </label>
      <input
        id={`${uid}-url`}
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        onKeyDown={onEnter(go)}
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${uid}-err` : undefined}
        className={adminInput}
        placeholder="https://"
      />
      {error ? (
        <p id={`${uid}-err`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={adminButton} onClick={go}>
          {label}
        </button>
        <button type="button" className={adminButtonSecondary} onClick={onClose}>
          Cancel
        </button>
      </div>
    </Shell>
  );
}

const isWebUrl = (u: string) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(u) || /^\/[\w./#?=&%-]*$/.test(u) || /^mailto:\S+@\S+$/i.test(u);

export function LinkPanel({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  return (
    <UrlPanel
      label="Apply link"
      field="Link address"
      initial={current}
      onClose={onClose}
      apply={(url) => {
        if (!url) {
          editor.chain().focus().extendMarkRange('link').unsetLink().run();
          return null;
        }
        if (!isWebUrl(url)) return 'Enter a full web address (https://…), a path on this site (/…) or mailto:.';
        if (editor.state.selection.empty && !editor.isActive('link')) {
          editor
            .chain()
            .focus()
            .insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] })
            .run();
        } else {
          editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
        }
        return null;
      }}
    />
  );
}

export function EmbedPanel({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  return (
    <UrlPanel
      label="Embed link card"
      field="Address to embed"
      onClose={onClose}
      apply={(url) => {
        if (!/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(url)) return 'Enter a full web address starting with https://.';
        editor.chain().focus().insertLinkCard(url).run();
        return null;
      }}
    />
  );
}

/** Ask readers a question about the passage selected in the editor (an inline feedback point). */
export function FeedbackPanel({ quote, onAdd, onClose }: { quote: string; onAdd: (question: string) => void; onClose: () => void }) {
  const uid = useId();
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!quote) {
    return (
      <Shell label="Ask readers" onClose={onClose}>
        <p role="alert" className="text-sm">
          Select a passage in the text first (within one paragraph), then ask readers about it.
        </p>
        <button type="button" className={adminButtonSecondary} onClick={onClose}>
          Close
        </button>
      </Shell>
    );
  }
  const go = () => {
    if (!question.trim()) {
      setError('Write the question readers will answer.');
      return;
    }
    onAdd(question.trim());
    onClose();
  };
  return (
    <Shell label="Ask readers" onClose={onClose}>
      <p className="text-sm">
        Passage: <span className="italic">“{quote}”</span>
      </p>
      <label htmlFor={`${uid}-q`} className="block text-sm font-semibold">
        Question for readers
      </label>
      <textarea
        id={`${uid}-q`}
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        rows={2}
        maxLength={500}
        autoFocus
        aria-invalid={error ? true : undefined}
        className={adminInput}
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={adminButton} onClick={go}>
          Add feedback point
        </button>
        <button type="button" className={adminButtonSecondary} onClick={onClose}>
          Cancel
        </button>
      </div>
    </Shell>
  );
}
