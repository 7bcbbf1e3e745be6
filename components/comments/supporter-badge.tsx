'use client';
import { useViewerState } from './viewer-store';

/**
 * "Supporter" next to readers whose own verified account made a pledge that counts (confirmed and not held,
 * or received; the rule is getSupporterIds in lib/dal/pledges.ts). Guests and unconfirmed donors never get
 * it. Known once the viewer state has loaded.
 */
export function SupporterBadge({ authorId }: { authorId: string | null }) {
  const state = useViewerState();
  if (!authorId || !state?.supporters.includes(authorId)) return null;
  return <span className="rounded bg-brand px-1.5 text-xs font-bold text-white">Supporter</span>;
}
