'use client';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useId, useState } from 'react';
import type { PickerItem } from '../media-picker';
import { adminInput } from '../ui';
import { editorExtensions, fitPastedHeadings } from './nodes';
import { EditorToolbar, type Panel } from './toolbar';
import { ImagePanel } from './image-panel';
import { EmbedPanel, FeedbackPanel, LinkPanel } from './panels';
import { textStats } from './stats';

/**
 * The article text: a TipTap rich-text editor whose HTML goes to the server in `name` (sanitized there
 * with an allow-list matching ./nodes.ts). Markdown shortcuts work while typing (## , > , - , 1. , **…**).
 * Without JavaScript (or before it loads) the same field is a textarea holding the HTML, so nothing is lost.
 */
export function RichTextEditor({
  name,
  value,
  onChange,
  readOnly,
  media,
  invalid,
  describedBy,
  onAskReaders,
}: {
  name: string;
  value: string;
  onChange: (html: string) => void;
  readOnly?: boolean;
  media: PickerItem[];
  invalid?: boolean;
  describedBy?: string;
  onAskReaders: (quote: string, question: string) => void;
}) {
  const uid = useId();
  const [panel, setPanel] = useState<Panel>(null);
  const [quote, setQuote] = useState('');
  // The media library, with what was uploaded from here added in front.
  const [library, setLibrary] = useState(media);
  const editor = useEditor({
    extensions: editorExtensions,
    content: value,
    editable: !readOnly,
    immediatelyRender: false,
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Article text',
        id: `${uid}-rte`,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
        class:
          'prose-article min-h-[24rem] rounded-b border border-stone-400 bg-white px-3 py-1 focus:outline-2 focus:outline-[var(--color-brand)]',
      },
      transformPastedHTML: fitPastedHeadings,
      // Keep the caret clear of the viewport edges when typing near the bottom.
      scrollMargin: 96,
      scrollThreshold: 96,
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });

  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);

  const openPanel = (p: Panel) => {
    if (p === 'feedback' && editor) {
      const { from, to, $from, $to } = editor.state.selection;
      // A passage within one block, so it reads word for word in the stored text.
      setQuote(from < to && $from.sameParent($to) ? editor.state.doc.textBetween(from, to, ' ').replace(/\s+/g, ' ').trim() : '');
    }
    setPanel(p);
  };
  const close = () => {
    setPanel(null);
    editor?.commands.focus();
  };

  if (!editor) {
    return (
      <div>
        <label htmlFor={`${uid}-html`} className="block text-sm font-semibold">
          Article text (HTML)
        </label>
        <textarea
          id={`${uid}-html`}
          name={name}
          defaultValue={value}
          rows={18}
          readOnly={readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          className={`${adminInput} font-mono text-sm`}
        />
      </div>
    );
  }
  const stats = textStats(editor.getText({ blockSeparator: ' ' }));
  return (
    <div>
      <p id={`${uid}-label`} className="block text-sm font-semibold">
        Article text
      </p>
      <input type="hidden" name={name} value={value} />
      {readOnly ? null : <EditorToolbar editor={editor} panel={panel} onPanel={openPanel} />}
      {panel === 'link' ? <LinkPanel editor={editor} onClose={close} /> : null}
      {panel === 'embed' ? <EmbedPanel editor={editor} onClose={close} /> : null}
      {panel === 'image' ? (
        <ImagePanel editor={editor} library={library} onUploaded={(m) => setLibrary((l) => [m, ...l])} onClose={close} />
      ) : null}
      {panel === 'feedback' ? <FeedbackPanel quote={quote} onClose={close} onAdd={(q) => onAskReaders(quote, q)} /> : null}
      <EditorContent editor={editor} />
      <p className="mt-1 text-sm text-stone-600" data-testid="editor-stats">
        {stats.words.toLocaleString('en')} {stats.words === 1 ? 'word' : 'words'} · {stats.minutes} min read
      </p>
    </div>
  );
}
