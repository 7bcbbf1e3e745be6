'use client';
/**
 * What the enhanced thread knows about the viewer (votes, held comments, subscription), loaded once per page
 * after hydration through a server action, so the thread itself can stay cached and identical for everyone.
 */
import { useSyncExternalStore } from 'react';
import { viewerThreadStateAction, type ViewerThreadState } from '@/lib/actions/comment-threads';

type Store = {
  state: ViewerThreadState | null;
  articleId: string | null;
  listeners: Set<() => void>;
  /** Told only when a load has finished, not when a vote changes the state. */
  loadListeners: Set<() => void>;
  seq: number;
};
const store: Store = { state: null, articleId: null, listeners: new Set(), loadListeners: new Set(), seq: 0 };

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
    // Refused (the database away, say): keep what the page has.
    if (seq !== store.seq || !state) return;
    store.state = state;
    store.articleId = articleId;
    emit();
    for (const l of store.loadListeners) l();
  } catch {
    // Without the viewer state the thread still works as plain forms.
  }
}

/** Counts the loads, so the enhancer also labels the times of comments added since (load more, a refresh). */
export function useViewerLoads(): number {
  return useSyncExternalStore(
    subscribeViewerState,
    () => store.seq,
    () => 0,
  );
}

export function setVote(id: number, value: number) {
  if (!store.state) return;
  store.state = { ...store.state, votes: { ...store.state.votes, [id]: value } };
  emit();
}

/** Calls `l` after every change of the viewer state (a load, a vote); returns the way to stop. */
function subscribeViewerState(l: () => void): () => void {
  store.listeners.add(l);
  return () => {
    store.listeners.delete(l);
  };
}

/**
 * Calls `l` after every finished load of the viewer state (not after a vote); returns the way to stop. The
 * comment slots are read from the page again then: a vote's answer arrives before the page's markup has
 * caught up with it, and a score read from the markup at that moment would be older than the answer.
 */
export function subscribeViewerLoads(l: () => void): () => void {
  store.loadListeners.add(l);
  return () => {
    store.loadListeners.delete(l);
  };
}

export function useViewerState(): ViewerThreadState | null {
  return useSyncExternalStore(
    subscribeViewerState,
    () => store.state,
    () => null,
  );
}
