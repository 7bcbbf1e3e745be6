/**
 * Which new or edited comments are held for moderation, and why. Pure: the caller supplies the settings
 * and what it knows about the author, so the rules are testable without a database.
 */
import { countLinks } from './markdown';

export type HoldContext = {
  bannedWords: string[];
  suspectWords: string[];
  linkLimit: number;
  holdFirstComment: boolean;
  premoderated: boolean;
  /** The author has no approved comment yet. */
  firstComment: boolean;
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words and phrases of `list` found in the text as whole words, case-insensitively. */
export function findWords(text: string, list: string[]): string[] {
  const normalized = text.normalize('NFKC');
  return list.filter((w) => {
    const word = w.trim();
    if (!word) return false;
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(word).replace(/\s+/g, '\\s+')}($|[^\\p{L}\\p{N}])`, 'iu');
    return re.test(normalized);
  });
}

/** The reasons to hold this comment (empty: publish it at once). */
export function holdReasons(body: string, ctx: HoldContext): string[] {
  const reasons: string[] = [];
  if (ctx.premoderated) reasons.push('comments from this account are reviewed before they appear');
  if (findWords(body, ctx.bannedWords).length) reasons.push('it contains a word on the banned list');
  const suspect = findWords(body, ctx.suspectWords);
  if (suspect.length) reasons.push(`it contains a word that needs review (“${suspect[0]}”)`);
  const links = countLinks(body);
  if (links > ctx.linkLimit) reasons.push(`it has ${links} links (more than ${ctx.linkLimit})`);
  if (ctx.holdFirstComment && ctx.firstComment) reasons.push('a first comment is reviewed before it appears');
  return reasons;
}

export function holdReasonText(reasons: string[]): string | null {
  if (!reasons.length) return null;
  const text = reasons.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
