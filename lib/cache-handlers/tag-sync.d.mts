export type TagState = { stale?: number; expired?: number };
export type TagSync = {
  refresh(): Promise<void>;
  publish(tags: string[]): Promise<void>;
  readonly connected: boolean;
  close(): Promise<void>;
};
export function createTagSync(opts: {
  url: string;
  prefix?: string;
  manifest: Map<string, TagState>;
  log?: (line: string) => void;
  commandTimeoutMs?: number;
  onLateDelivery?: (tags: string[]) => void;
}): TagSync;
