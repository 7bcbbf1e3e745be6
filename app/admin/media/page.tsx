import { ActionButton } from '@/components/admin/action-form';
import {
  AdminHeading,
  AdminNotice,
  AdminPager,
  Forbidden,
  adminButton,
  adminDanger,
  adminInput,
  formatWhen,
  pageParam,
  param,
  type SearchParams,
} from '@/components/admin/ui';
import { FileField, UploadError, UploadForm } from '@/components/admin/upload-form';
import { deleteMediaAction } from '@/lib/actions/admin/media';
import { staffForPage } from '@/lib/dal/page-guard';
import { listMedia } from '@/lib/dal/admin/media';
import { MAX_UPLOAD_LABEL, srcSet } from '@/lib/media';

export const metadata = { title: 'Media' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

const ERRORS: Record<string, string> = {
  size: `That file is too large: images can be at most ${MAX_UPLOAD_LABEL}.`,
  type: 'That file is not an image we accept (JPEG, PNG, WebP, GIF or AVIF; SVG is refused), whatever its name says.',
  forbidden: 'Your account cannot upload images.',
  signin: 'Please sign in again to upload.',
};

async function MediaLibrary({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  if (!(await staffForPage('/admin/media', 'media:upload'))) return <Forbidden />;
  const list = await listMedia(pageParam(sp));
  return (
    <>
      <AdminHeading title="Media library" />
      {param(sp, 'uploaded') ? <AdminNotice tone="done">Image uploaded.</AdminNotice> : null}
      <UploadError sp={sp} messages={ERRORS} />
      <UploadForm action="/admin/media/upload" className="sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <FileField id="mu-file" label="Image file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" />
        <div className="min-w-0">
          <label htmlFor="mu-alt" className="block text-sm font-semibold">
            Description (alt text)
          </label>
          <input id="mu-alt" name="alt" maxLength={300} className={adminInput} />
        </div>
        <button type="submit" className={adminButton}>
          Upload
        </button>
        <p className="text-xs text-stone-600 sm:col-span-3">
          Checked by content, not by name; at most {MAX_UPLOAD_LABEL}; SVG refused. Stored as WebP in several widths, without metadata.
        </p>
      </UploadForm>
      <p className="mb-2 text-sm text-stone-600">
        {list.total} {list.total === 1 ? 'image' : 'images'}
      </p>
      <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
        {list.items.map((m) => (
          <li key={m.id} className="min-w-0 rounded border border-stone-300 p-2">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img
              src={`/media/${m.key}`}
              srcSet={m.variants.length ? srcSet(m.variants) : undefined}
              sizes="(max-width: 640px) 50vw, 240px"
              alt={m.alt}
              width={m.width}
              height={m.height}
              loading="lazy"
              className="aspect-[4/3] w-full object-cover"
            />
            <p className="mt-1 truncate text-sm" title={m.alt}>
              {m.alt || <span className="text-stone-500">No description</span>}
            </p>
            <p className="text-xs text-stone-600">
              {m.width}×{m.height} · {Math.round(m.bytes / 1024)} KB · {m.owner ?? 'unknown'} · {formatWhen(m.createdAt)}
            </p>
            <p className="truncate text-xs">
              <code>/media/{m.key}</code>
            </p>
            <div className="mt-1">
              <ActionButton
                action={deleteMediaAction}
                fields={{ id: m.id }}
                label="Delete"
                className={adminDanger}
                confirm="Delete this image? Articles using it will lose their cover."
              />
            </div>
          </li>
        ))}
      </ul>
      <AdminPager base="/admin/media" params={{}} page={list.page} pages={list.pages} />
    </>
  );
}

export default function MediaPage({ searchParams }: { searchParams: SearchParams }) {
  return <MediaLibrary searchParams={searchParams} />;
}
