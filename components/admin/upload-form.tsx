/**
 * The admin pages' file uploads (media library, import): a multipart form posted to an upload route (a
 * route handler, so it works without JavaScript and takes more than a server action), its file field, and
 * the reason the route gave when it refused the file.
 */
import { AdminNotice, param } from './ui';

const UPLOAD_FAILED = 'The upload failed. Please try again.';

export function UploadForm({ action, className, children }: { action: string; className: string; children: React.ReactNode }) {
  return (
    <form
      action={action}
      method="post"
      encType="multipart/form-data"
      className={`mb-8 grid gap-3 rounded border border-stone-300 p-4 ${className}`}
    >
      {children}
    </form>
  );
}

/** The required file input, labelled, with an optional hint under it. */
export function FileField({ id, label, accept, hint }: { id: string; label: string; accept: string; hint?: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <input
        id={id}
        name="file"
        type="file"
        required
        accept={accept}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 block w-full min-w-0 text-sm"
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-stone-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Why an upload was refused, from the `?error=` code its upload route redirected with: the code's message
 * in `messages`, or "the upload failed" for a code not there.
 */
export function UploadError({ sp, messages }: { sp: Record<string, string | string[] | undefined>; messages: Record<string, string> }) {
  const code = param(sp, 'error');
  if (!code) return null;
  return <AdminNotice tone="refused">{Object.hasOwn(messages, code) ? messages[code] : UPLOAD_FAILED}</AdminNotice>;
}
