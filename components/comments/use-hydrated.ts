'use client';
/**
 * False in the server HTML and while React hydrates it, true from then on (and at once for a component
 * mounted later in the browser). The comment controls render as plain forms until then, so what the server
 * sent still works if the script never runs, and hydration sees exactly the server's markup.
 */
import { useSyncExternalStore } from 'react';

const nothingToWatch = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    nothingToWatch,
    () => true,
    () => false,
  );
}
