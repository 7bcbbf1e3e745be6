import type { TagState as TagTimes, TagSync } from './tag-sync.mjs';

export type { TagTimes };
export type TagState = {
  readonly tags: Map<string, TagTimes>;
  readonly sync: TagSync | null;
  update(tags: string[], durations?: { expire?: number }): Promise<void>;
  onUpdate(listener: (tags: string[]) => void): () => void;
  refresh(): Promise<void>;
  /** Moves whenever any tag changes, here or learned from another instance. */
  generation(): number;
  isExpired(tags: Iterable<string>, timestamp: number): boolean;
  isStale(tags: Iterable<string>, timestamp: number): boolean;
  expiration(tags: Iterable<string>): number;
};
export const clock: () => number;
export function createTagState(opts?: {
  sync?: (tags: Map<string, TagTimes>, lateDelivery: (tags: string[]) => void) => TagSync | null;
  now?: () => number;
}): TagState;
export function getTagState(): TagState;
export function existingTagState(): TagState | null;
