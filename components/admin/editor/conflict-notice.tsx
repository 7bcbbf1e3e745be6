import { adminButton, adminButtonSecondary } from '../ui';

export type Conflict = { version: number; title: string; dek: string; bodySource: string; updatedAt: string; by: string | null };

/** A save refused because someone else saved first: their version, and "reload theirs" or "overwrite with mine". */
export function ConflictNotice({
  conflict,
  articleId,
  pending,
  uid,
}: {
  conflict: Conflict;
  articleId: string;
  pending: boolean;
  uid: string;
}) {
  return (
    <section aria-labelledby={`${uid}-conflict`} className="rounded border-2 border-red-700 bg-red-50 p-4">
      <h2 id={`${uid}-conflict`} className="font-bold">
        Edit conflict
      </h2>
      <p className="text-sm">
        {conflict.by ?? 'Someone'} saved version {conflict.version} at{' '}
        {new Date(conflict.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC. Your text is still in the form below. Their
        version:
      </p>
      <p className="mt-2 font-semibold">{conflict.title}</p>
      <div
        className="prose-article mt-1 max-h-60 overflow-auto rounded border border-stone-300 bg-white p-2 text-sm"
        aria-label="Their text"
        role="region"
        dangerouslySetInnerHTML={{ __html: conflict.bodySource }}
      />
      <input type="hidden" name="conflictVersion" value={conflict.version} />
      <div className="mt-3 flex flex-wrap gap-2">
        <a href={`/admin/articles/${articleId}`} className={adminButtonSecondary}>
          Reload their version (discard mine)
        </a>
        <button type="submit" name="intent" value="overwrite" className={adminButton} disabled={pending}>
          Overwrite with my version
        </button>
      </div>
    </section>
  );
}
