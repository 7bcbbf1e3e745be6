'use client';
import { useEffect } from 'react';
import { useViewer } from '@/components/site/viewer';

/**
 * Fills the signed-in reader's email into a pledge form that was rendered in a cached page (which can't
 * know who is reading), from /api/viewer after load. Without JavaScript the field stays empty and the
 * pledge uses the account's address anyway. A field the reader already typed in is left alone.
 */
export function PrefillEmail({ inputId }: { inputId: string }) {
  const email = useViewer()?.email;
  useEffect(() => {
    const el = document.getElementById(inputId);
    if (email && el instanceof HTMLInputElement && !el.value) el.value = email;
  }, [inputId, email]);
  return null;
}
