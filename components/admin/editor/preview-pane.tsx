'use client';
import { useEffect, useState } from 'react';
import { previewArticleAction } from '@/lib/actions/admin/articles';

/**
 * "What readers will see": the text rendered by the same server code as a save (sanitizer, responsive
 * image sizes, link cards), debounced while typing.
 */
export function PreviewPane({ html }: { html: string }) {
  const [preview, setPreview] = useState<{ html: string; error?: string }>({ html: '' });
  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const fd = new FormData();
      fd.set('bodySource', html);
      const r = await previewArticleAction(undefined, fd);
      if (live) setPreview(r.ok ? { html: r.html ?? '' } : { html: '', error: r.message });
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [html]);
  return (
    <section aria-label="What readers will see" className="min-w-0">
      <h2 className="text-sm font-semibold">What readers will see</h2>
      {preview.error ? (
        <p role="alert" className="text-sm text-red-700">
          {preview.error}
        </p>
      ) : null}
      <div
        className="prose-article mt-1 max-h-[40rem] overflow-auto rounded border border-stone-300 bg-white p-3"
        dangerouslySetInnerHTML={{ __html: preview.html || '<p style="color:#78716c">Nothing to preview yet.</p>' }}
      />
    </section>
  );
}
