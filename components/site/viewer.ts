'use client';
/**
 * The signed-in reader, loaded after hydration from GET /api/viewer so the pages themselves can be cached
 * and identical for everyone. One request per page view, shared by every component that asks; it is loaded
 * again after a client-side navigation (a sign-in or sign-out ends in one).
 */
import { usePathname } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import type { ViewerJson } from '@/app/api/viewer/route';

export type PublicViewer = NonNullable<ViewerJson['viewer']>;
/** undefined: not known yet (server render, before the answer, or without JavaScript). */
type State = PublicViewer | null | undefined;

let state: State = undefined;
let loadedFor: string | null = null;
let seq = 0;
const listeners = new Set<() => void>();

async function load(path: string) {
  if (loadedFor === path) return;
  loadedFor = path;
  const mine = ++seq;
  try {
    const res = await fetch('/api/viewer', { cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const json = (await res.json()) as ViewerJson;
    if (mine !== seq) return;
    state = json.viewer;
  } catch {
    // Keep the links that work without JavaScript; try again on the next navigation.
    if (mine !== seq) return;
    loadedFor = null;
    return;
  }
  for (const l of listeners) l();
}

/** After signing out: show the signed-out menu now, and ask again on the next page. */
export function forgetViewer() {
  seq++;
  state = null;
  loadedFor = null;
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

export function useViewer(): State {
  const pathname = usePathname();
  useEffect(() => {
    void load(pathname);
  }, [pathname]);
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => undefined,
  );
}
