export const DEFAULT_PAGES_MB: number;
export const DEFAULT_DATA_MB: number;
export function limits(env?: Record<string, string | undefined>): { pagesBytes: number; dataBytes: number };
