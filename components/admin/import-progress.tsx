'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

type Progress = { status: string; processed: number; total: number | null };

/**
 * The progress of a running import: posts done out of the file's total. While it runs it asks
 * /admin/import/<id>/status each second, and reloads the page (report, next step) when it ends.
 */
export function ImportProgress({ id, active, unit, ...initial }: Progress & { id: string; active: boolean; unit: string }) {
  const [p, setP] = useState<Progress>(initial);
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const tick = async () => {
      const res = await fetch(`/admin/import/${id}/status`, { cache: 'no-store' }).catch(() => null);
      const next = res?.ok ? ((await res.json()) as Progress) : null;
      if (stopped) return;
      if (next) setP(next);
      if (next && next.status !== 'queued' && next.status !== 'running') router.refresh();
      else timer = setTimeout(tick, 1000);
    };
    let timer = setTimeout(tick, 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, active, router]);
  const label = p.total
    ? `${p.processed.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} ${unit}`
    : `${p.processed.toLocaleString('en-US')} ${unit}`;
  return (
    <div className="my-4 max-w-xl">
      <progress className="h-3 w-full" aria-label="Import progress" max={p.total ?? undefined} value={p.total ? p.processed : undefined} />
      <p className="mt-1 text-sm text-stone-700" aria-live="polite">
        {p.status === 'done' ? `Done: ${label}.` : p.status === 'failed' ? `Stopped after ${label}.` : `Working: ${label}…`}
      </p>
    </div>
  );
}
