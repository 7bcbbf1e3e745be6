'use client';
import type { Editor } from '@tiptap/react';
import { useId, useState } from 'react';
import { uploadImage, type PickerItem } from '../media-picker';
import { adminButtonSecondary, adminInput } from '../ui';
import { onEnter, Shell } from './panels';

/** Insert an image from the media library, or upload one in place; alt text and caption go with it. */
export function ImagePanel({
  editor,
  library,
  onUploaded,
  onClose,
}: {
  editor: Editor;
  library: PickerItem[];
  onUploaded: (m: PickerItem) => void;
  onClose: () => void;
}) {
  const uid = useId();
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const insert = (key: string, fallbackAlt: string) => {
    editor
      .chain()
      .focus()
      .insertFigure({ src: `/media/${key}`, alt: alt.trim() || fallbackAlt, caption: caption.trim() })
      .run();
    onClose();
  };
  return (
    <Shell label="Insert image" onClose={onClose}>
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <label htmlFor={`${uid}-alt`} className="block text-sm font-semibold">
            Alt text
          </label>
          <input
            id={`${uid}-alt`}
            value={alt}
            onChange={(e) => setAlt(e.target.value)}
            maxLength={300}
            className={adminInput}
            onKeyDown={onEnter(() => {})}
          />
        </div>
        <div>
          <label htmlFor={`${uid}-cap`} className="block text-sm font-semibold">
            Caption
          </label>
          <input
            id={`${uid}-cap`}
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
            maxLength={500}
            className={adminInput}
            onKeyDown={onEnter(() => {})}
          />
        </div>
      </div>
      <div>
        <label htmlFor={`${uid}-file`} className="block text-sm font-semibold">
          Upload and insert an image
        </label>
        <input
          id={`${uid}-file`}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
          disabled={busy}
          className="text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            if (!alt.trim()) {
              setError('Describe the image (alt text) before uploading it.');
              e.target.value = '';
              return;
            }
            setBusy(true);
            setError(null);
            const r = await uploadImage(file, alt.trim());
            setBusy(false);
            if (!r.ok) {
              setError(r.message);
              return;
            }
            onUploaded(r.media);
            insert(r.media.key, r.media.alt);
          }}
        />
        {busy ? (
          <p role="status" className="text-sm">
            Uploading…
          </p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <p className="text-sm font-semibold">Or pick from the media library</p>
      {library.length ? (
        <ul className="grid max-h-64 grid-cols-3 gap-2 overflow-auto sm:grid-cols-5">
          {library.map((m) => (
            <li key={m.key}>
              <button
                type="button"
                onClick={() => insert(m.key, m.alt)}
                aria-label={`Insert ${m.alt || m.key}`}
                className="block w-full rounded border border-stone-300 p-1 hover:border-stone-800 focus-visible:outline-2"
              >
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={`/media/${m.key}`} alt="" className="aspect-video w-full object-cover" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-stone-600">The library is empty: upload an image above.</p>
      )}
      <button type="button" className={adminButtonSecondary} onClick={onClose}>
        Cancel
      </button>
    </Shell>
  );
}
