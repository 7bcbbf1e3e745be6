/** Words and reading time as the server counts them (lib/dal/admin/text.ts readingMinutes: 230 words a minute). */
export function textStats(text: string): { words: number; minutes: number } {
  const words = text.split(/\s+/).filter(Boolean).length;
  return { words, minutes: Math.max(1, Math.ceil(words / 230)) };
}
