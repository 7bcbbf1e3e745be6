/**
 * Which new or edited comments are held for moderation, and why. Pure: the caller supplies the settings
 * and what it knows about the author, so the rules are testable without a database.
 */
import { UserError } from '@/lib/errors';
import { countLinks } from './markdown';
import { findWords } from './normalize';

export { findWords };

export type HoldContext = {
  bannedWords: string[];
  suspectWords: string[];
  linkLimit: number;
  holdFirstComment: boolean;
  premoderated: boolean;
  /** The author has no approved comment yet. */
  firstComment: boolean;
  /** The author's email address is not verified (sock puppets are cheap): held until a moderator looks. */
  unverified?: boolean;
};

export const UNVERIFIED_HOLD_REASON = 'your email address is not verified yet';

/** The reasons to hold this comment (empty: publish it at once). */
export function holdReasons(body: string, ctx: HoldContext): string[] {
  const reasons: string[] = [];
  if (ctx.unverified) reasons.push(UNVERIFIED_HOLD_REASON);
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

/** The public texts other than comments, and what each is called when it is refused. */
const PUBLIC_TEXTS = {
  message: 'Your message',
  displayName: 'The name',
  name: 'Your display name',
  bio: 'Your bio',
  handle: 'Your handle',
} as const;
export type PublicTextField = keyof typeof PUBLIC_TEXTS;

/**
 * The word filter for every public text that is not a comment (a pledge's message and display name, a
 * profile's name, bio and handle): a banned word, however disguised, refuses the text with a message on its
 * field. A comment with one is held instead; these texts have no moderator between the writer and the page.
 * A handle is also read with its `_` and `-` removed ("scum_bucket", "scum-bucket").
 */
export function assertNoBannedWords(fields: Partial<Record<PublicTextField, string | null>>, bannedWords: string[]): void {
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, text] of Object.entries(fields) as [PublicTextField, string | null | undefined][]) {
    if (!text) continue;
    const readings = field === 'handle' ? [text, text.replace(/[-_]+/g, '')] : [text];
    if (readings.some((r) => findWords(r, bannedWords).length)) {
      fieldErrors[field] = [`${PUBLIC_TEXTS[field]} contains a word we don’t publish. Please choose other words.`];
    }
  }
  const n = Object.keys(fieldErrors).length;
  if (n) throw new UserError(n === 1 ? 'Please check the highlighted field.' : 'Please check the highlighted fields.', 400, fieldErrors);
}
