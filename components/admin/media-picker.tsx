'use client';
import Link from '@/components/ui/link';
import { useId, useRef, useState } from 'react';
import { adminButtonSecondary, adminInput } from './ui';

export type PickerItem = { key: string; alt: string; width: number; height: number };

/** Same limit as lib/media.ts MAX_UPLOAD_BYTES (checked again on the server). */
export const CLIENT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

type UploadResult = { ok: true; media: PickerItem & { url: string } } | { ok: false; message: string };

/** Sends one image to the upload route; the server checks the content, size and type again. */
export async function uploadImage(file: File, alt: string): Promise<UploadResult> {
  if (file.size > CLIENT_MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      message: `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB: images can be at most 10 MB. Resize it and try again.`,
    };
  }
  const body = new FormData();
  body.set('file', file);
  body.set('alt', alt);
  try {
    const res = await fetch('/admin/media/upload', { method: 'POST', body, headers: { accept: 'application/json' } });
    const json = (await res.json().catch(() => null)) as UploadResult | null;
    return json ?? { ok: false, message: 'The upload failed. Please try again.' };
  } catch {
    return { ok: false, message: 'The upload failed (network error). Please try again.' };
  }
}

/** Cover image: pick from the media library, or upload a new image and pick it. */
export function MediaPicker({
  items,
  value,
  onChange,
  disabled,
  error,
}: {
  items: PickerItem[];
  value: string;
  onChange: (v: string) => void;
  disabled?: boolean;
  error?: string[];
}) {
  const uid = useId();
  const [library, setLibrary] = useState(items);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [alt, setAlt] = useState('');

  async function upload() {
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setMessage({ ok: false, text: 'Choose an image file first.' });
      return;
    }
    setBusy(true);
    setMessage(null);
    const r = await uploadImage(file, alt);
    setBusy(false);
    if (!r.ok) {
      setMessage({ ok: false, text: r.message });
      return;
    }
    setLibrary((l) => [r.media, ...l.filter((m) => m.key !== r.media.key)]);
    onChange(`/media/${r.media.key}`);
    setMessage({ ok: true, text: 'Uploaded and chosen as the cover.' });
    if (fileRef.current) fileRef.current.value = '';
    setAlt('');
  }

  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="text-sm font-semibold">Cover image</legend>
      <input type="hidden" name="coverImage" value={value} />
      <div role="radiogroup" aria-label="Cover image from the media library" className="flex max-h-64 flex-wrap gap-2 overflow-y-auto">
        <label
          className={`flex h-20 w-24 cursor-pointer items-center justify-center rounded border-2 text-center text-sm ${value === '' ? 'border-blue-700' : 'border-stone-300'}`}
        >
          <input
            type="radio"
            className="sr-only"
            name={`${uid}-cover`}
            checked={value === ''}
            onChange={() => onChange('')}
            disabled={disabled}
          />
          No cover
        </label>
        {value && !library.some((m) => `/media/${m.key}` === value) ? (
          <label className="flex h-20 w-24 items-center justify-center rounded border-2 border-blue-700 text-xs">
            <input type="radio" className="sr-only" name={`${uid}-cover`} checked readOnly disabled={disabled} />
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={value} alt="Current cover" className="h-full w-full object-cover" />
          </label>
        ) : null}
        {library.map((m) => {
          const url = `/media/${m.key}`;
          return (
            <label
              key={m.key}
              className={`h-20 w-24 cursor-pointer overflow-hidden rounded border-2 ${value === url ? 'border-blue-700' : 'border-stone-300'} focus-within:outline focus-within:outline-3 focus-within:outline-blue-600`}
            >
              <input
                type="radio"
                className="sr-only"
                name={`${uid}-cover`}
                checked={value === url}
                onChange={() => onChange(url)}
                disabled={disabled}
                aria-label={m.alt || m.key.split('/').pop()}
              />
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={url} alt="" loading="lazy" className="h-full w-full object-cover" />
            </label>
          );
        })}
      </div>
      {error?.length ? <p className="text-sm text-red-700">{error.join(' ')}</p> : null}
      {!disabled ? (
        <div className="grid gap-2 rounded border border-dashed border-stone-400 p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <div className="min-w-0">
            <label htmlFor={`${uid}-file`} className="block text-sm font-semibold">
              Upload an image
            </label>
            <input
              id={`${uid}-file`}
              ref={fileRef}
              type="file"
              accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
              className="mt-1 block w-full min-w-0 text-sm"
            />
          </div>
          <div className="min-w-0">
            <label htmlFor={`${uid}-alt`} className="block text-sm font-semibold">
              Image description
            </label>
            <input id={`${uid}-alt`} value={alt} onChange={(e) => setAlt(e.target.value)} maxLength={300} className={adminInput} />
          </div>
          <button type="button" onClick={upload} disabled={busy} className={adminButtonSecondary}>
            {busy ? 'Uploading…' : 'Upload'}
          </button>
          {message ? (
            <p role={message.ok ? 'status' : 'alert'} className={`sm:col-span-3 text-sm ${message.ok ? 'text-green-800' : 'text-red-700'}`}>
              {message.text}
            </p>
          ) : null}
          <p className="text-xs text-stone-600 sm:col-span-3">
            JPEG, PNG, WebP, GIF or AVIF up to 10 MB; SVG is refused. Without JavaScript, upload in the{' '}
            <Link className="underline" href="/admin/media">
              media library
            </Link>
            .
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}
