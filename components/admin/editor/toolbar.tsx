'use client';
import type { Editor } from '@tiptap/react';

export type Panel = null | 'link' | 'embed' | 'image' | 'feedback';

type Tool = { label: string; text: string; active?: (e: Editor) => boolean; run: (e: Editor) => void; panel?: Panel };

const TOOLS: Tool[][] = [
  [
    {
      label: 'H2 heading',
      text: 'H2',
      active: (e) => e.isActive('heading', { level: 2 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      label: 'H3 heading',
      text: 'H3',
      active: (e) => e.isActive('heading', { level: 3 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    },
    {
      label: 'H4 heading',
      text: 'H4',
      active: (e) => e.isActive('heading', { level: 4 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 4 }).run(),
    },
  ],
  [
    { label: 'Bold', text: 'B', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { label: 'Italic', text: 'I', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { label: 'Link', text: 'Link', active: (e) => e.isActive('link'), run: () => {}, panel: 'link' },
  ],
  [
    { label: 'Quote', text: '“ ”', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
    {
      label: 'Pull quote',
      text: 'Pull quote',
      active: (e) => e.isActive('pullQuote'),
      run: (e) => e.chain().focus().togglePullQuote().run(),
    },
    {
      label: 'Bulleted list',
      text: '• List',
      active: (e) => e.isActive('bulletList'),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      text: 'Numbered',
      active: (e) => e.isActive('orderedList'),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
  ],
  [
    { label: 'Horizontal rule', text: '—', run: (e) => e.chain().focus().setHorizontalRule().run() },
    { label: 'Image', text: 'Image', run: () => {}, panel: 'image' },
    { label: 'Embed a link', text: 'Embed', run: () => {}, panel: 'embed' },
    { label: 'Ask readers about the selected passage', text: 'Ask readers', run: () => {}, panel: 'feedback' },
  ],
];

/** The formatting toolbar: real buttons, aria-pressed for what applies at the cursor, wraps at 375 px. */
export function EditorToolbar({
  editor,
  panel,
  onPanel,
  disabled,
}: {
  editor: Editor;
  panel: Panel;
  onPanel: (p: Panel) => void;
  disabled?: boolean;
}) {
  return (
    <div
      role="toolbar"
      aria-label="Formatting"
      className="flex flex-wrap gap-1 rounded-t border border-b-0 border-stone-400 bg-stone-100 p-1"
    >
      {TOOLS.map((group, g) => (
        <div key={g} className="flex flex-wrap gap-1 border-r border-stone-300 pr-1 last:border-r-0">
          {group.map((t) => {
            const pressed = t.panel ? panel === t.panel || (t.active?.(editor) ?? false) : t.active?.(editor);
            return (
              <button
                key={t.label}
                type="button"
                aria-label={t.label}
                title={t.label}
                disabled={disabled}
                aria-pressed={t.active || t.panel ? !!pressed : undefined}
                onMouseDown={(ev) => ev.preventDefault()}
                onClick={() => (t.panel ? onPanel(panel === t.panel ? null : t.panel) : t.run(editor))}
                className="min-h-9 min-w-9 rounded px-2 text-sm font-semibold hover:bg-white focus-visible:outline-2 focus-visible:outline-[var(--color-brand)] aria-pressed:bg-stone-800 aria-pressed:text-white disabled:opacity-50"
              >
                {t.text}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
