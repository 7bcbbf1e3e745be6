'use client';
/**
 * What the enhanced thread knows about the viewer (votes, held comments, subscription), loaded once per page
 * after hydration through a server action, so the thread itself can stay cached and identical for everyone.
 */
import { useSyncExternalStore } from 'react';
import { viewerThreadStateAction, type ViewerThreadState } from '@/lib/actions/comment-threads';

type Store = { state: ViewerThreadState | null; articleId: string | null; listeners: Set<() => void>; seq: number };
const store: Store = { state: null, articleId: null, listeners: new Set(), seq: 0 };

function emit() {
  for (const l of store.listeners) l();
}

/** (Re)loads the viewer state for the comments currently in the page. */
export async function loadViewerState(articleId: string): Promise<void> {
  const seq = ++store.seq;
  const nodes = [...document.querySelectorAll<HTMLElement>('[data-comment-id]')];
  const ids = nodes.map((n) => Number(n.dataset.commentId)).filter((n) => n > 0);
  try {
    const state = await viewerThreadStateAction(articleId, ids);
    if (seq !== store.seq) return;
    store.state = state;
    store.articleId = articleId;
    emit();
  } catch {
    // Without the viewer state the thread still works as plain forms.
  }
}

/** Counts the loads, so the enhancer finds comments added since (load more, a refresh) after each one. */
export function useViewerLoads(): number {
  return useSyncExternalStore(
    subscribe,
    () => store.seq,
    () => 0,
  );
}

export function setVote(id: number, value: number) {
  if (!store.state) return;
  store.state = { ...store.state, votes: { ...store.state.votes, [id]: value } };
  emit();
}

function subscribe(l: () => void) {
  store.listeners.add(l);
  return () => store.listeners.delete(l);
}

export function useViewerState(): ViewerThreadState | null {
  return useSyncExternalStore(
    subscribe,
    () => store.state,
    () => null,
  );
}
