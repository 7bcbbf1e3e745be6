'use client';
import { useEffect } from 'react';

/**
 * Fills the signed-in reader's email into a pledge form that was rendered in a cached page (which can't
 * know who is reading). Streams in inside <Suspense>; without JavaScript the field stays empty and the
 * pledge uses the account's address anyway.
 */
export function PrefillEmail({ inputId, email }: { inputId: string; email: string }) {
  useEffect(() => {
    const el = document.getElementById(inputId);
    if (el instanceof HTMLInputElement && !el.value) el.value = email;
  }, [inputId, email]);
  return null;
}
