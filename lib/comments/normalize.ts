/**
 * Text as a troll would like the filters not to see it, brought back to what a reader sees. Word lists are
 * matched with obscenity's RegExpMatcher and its English transformers (Cyrillic/Greek lookalikes, leetspeak,
 * case, repeated letters); before that the text is brought to one form (NFKC, no zero-width or other
 * invisible format characters, no combining marks) and read in a few ways a reader would read it (without
 * Markdown emphasis, without punctuation after a word, with spaced-out letters joined). A word counts only
 * as a whole word, so "scampi" never matches "scam" (the Scunthorpe problem).
 *
 * No `server-only` import: pure functions, tested without a database.
 */
import {
  DataSet, RegExpMatcher, englishRecommendedTransformers, parseRawPattern,
} from 'obscenity';

/** NFKC, then without invisible format characters (zero-width space/joiners, soft hyphen, BOM…) and combining marks. */
export function canonicalText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

/** Markdown emphasis and code marks (`sl**ur**`, `s*l*ur`, `~~x~~`, `` `x` ``) do not split a word for a reader. */
const withoutEmphasis = (s: string) => s.replace(/[*_~`]+/g, '');
/** Punctuation that ends a word ("slur." "slur!!") — `!` would otherwise read as leetspeak for "i". */
const withoutTrailingPunctuation = (s: string) => s.replace(/[.,;:!?…"'»)\]]+(?=\s|$)/gu, ' ');
/** Three or more single letters or digits in a row, separated by spaces or dots ("s l u r", "s.l.u.r"), joined. */
const joinSpacedLetters = (s: string) =>
  s.replace(/(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[\s.\-·•|/]+[\p{L}\p{N}](?![\p{L}\p{N}])){2,}/gu, (m) => m.replace(/[^\p{L}\p{N}]+/gu, ''));

/** The readings of a text the word filters look at. */
export function readings(text: string): string[] {
  const base = canonicalText(text).replace(/\s+/g, ' ');
  const plain = withoutTrailingPunctuation(withoutEmphasis(base)).replace(/\s+/g, ' ');
  const joined = joinSpacedLetters(plain);
  return [...new Set([base, plain, joined])];
}

// obscenity's pattern syntax gives meaning to [ ] ? | and \ : escape them in words from the settings.
const escapePattern = (s: string) => s.replace(/[[\]?|\\]/g, '\\$&');

type WordMatcher = { matcher: RegExpMatcher; dataset: DataSet<{ word: string }> };
const matchers = new Map<string, WordMatcher | null>();

function matcherFor(list: string[]): WordMatcher | null {
  const key = JSON.stringify(list);
  const cached = matchers.get(key);
  if (cached !== undefined) return cached;
  const dataset = new DataSet<{ word: string }>();
  let count = 0;
  for (const raw of list) {
    const word = canonicalText(raw).toLowerCase().replace(/\s+/g, ' ').trim();
    if (!word) continue;
    try {
      const pattern = parseRawPattern(`|${escapePattern(word)}|`);
      dataset.addPhrase((p) => p.setMetadata({ word: raw.trim() }).addPattern(pattern));
      count++;
    } catch {
      // A word the pattern parser cannot take is skipped rather than failing every comment.
    }
  }
  const built = count ? { matcher: new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers }), dataset } : null;
  if (matchers.size > 20) matchers.clear();
  matchers.set(key, built);
  return built;
}

/** Words and phrases of `list` found in the text (as whole words, however disguised), in list order. */
export function findWords(text: string, list: string[]): string[] {
  const m = matcherFor(list);
  if (!m) return [];
  const found = new Set<string>();
  for (const reading of readings(text)) {
    for (const match of m.matcher.getAllMatches(reading)) {
      const word = m.dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.word;
      if (word) found.add(word);
    }
  }
  return list.map((w) => w.trim()).filter((w) => found.has(w));
}

/**
 * The text the duplicate check compares: two posts that read the same are the same post, whatever
 * zero-width characters, case, spacing, Markdown emphasis or closing punctuation tell them apart.
 */
export function duplicateKey(text: string): string {
  return withoutEmphasis(canonicalText(text))
    .toLowerCase()
    .replace(/[\s.,;:!?…]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}
