'use client';
/**
 * The time the edit window is measured against: 0 in the server HTML and while hydrating (so no Edit
 * button is offered before the browser knows the time), then the browser's clock, read again every
 * 30 seconds while any comment controls are on screen so Edit goes away when the window closes.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(l: () => void) {
  listeners.add(l);
  // A newly mounted control reads the time now (React renders it again when it differs), not a tick ago.
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const each of listeners) each();
  }, TICK_MS);
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useEditClock(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => 0,
  );
}
