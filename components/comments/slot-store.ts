'use client';
/**
 * The actions slots of the comments in the page ([data-actions-slot] in the cached thread's markup), as a
 * store for useSyncExternalStore: read from the DOM when the enhancer mounts and again after every load of
 * the viewer state, which is how comments added since (load more, a refresh, live comments) are found. Not
 * after a vote: the score in the markup may then still be the one from before the vote (or from before an
 * earlier one), and would override the vote's answer.
 * A slot keeps its object while its comment reads the same, so its controls are not rebuilt.
 */
import { useSyncExternalStore } from 'react';
import { readSlot, type SlotComment } from './comment-actions';
import { subscribeViewerLoads } from './viewer-store';

export type Slot = { el: HTMLElement; c: SlotComment };

const NONE: Slot[] = [];
let slots: Slot[] = NONE;
let stopWatching: (() => void) | null = null;
const listeners = new Set<() => void>();

function scan(prev: Slot[]): Slot[] {
  const known = new Map(prev.map((s) => [s.el, s]));
  // A comment whose controls the page renders itself (its own page's respond panel) gets none here.
  const own = new Set([...document.querySelectorAll<HTMLElement>('[data-target-controls]')].map((el) => el.dataset.targetControls));
  return [...document.querySelectorAll<HTMLElement>('[data-actions-slot]')]
    .filter((el) => !own.has(el.dataset.actionsSlot))
    .map((el) => {
      const c = readSlot(el);
      const old = known.get(el);
      return old && old.c.id === c.id && old.c.score === c.score ? old : { el, c };
    });
}

function rescan() {
  slots = scan(slots);
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  if (!stopWatching) {
    // React renders again after subscribing when the snapshot has changed.
    slots = scan(slots);
    stopWatching = subscribeViewerLoads(rescan);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      stopWatching?.();
      stopWatching = null;
      slots = NONE;
    }
  };
}

export function useCommentSlots(): Slot[] {
  return useSyncExternalStore(
    subscribe,
    () => slots,
    () => NONE,
  );
}

/** Reads the slots again now: live comments shown from the stream (LiveBar), with no viewer-state load. */
export function rescanCommentSlots(): void {
  if (stopWatching) rescan();
}
