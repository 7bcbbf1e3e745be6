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
import { DataSet, RegExpMatcher, englishRecommendedTransformers, parseRawPattern } from 'obscenity';

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
/** Three or more single letters or digits in a row, separated by spaces or dots ("s l u r", "s.l.u.r"). */
const SPACED_RUN = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[\s.\-·•|/]+[\p{L}\p{N}](?![\p{L}\p{N}])){2,}/gu;

/** Each spaced-out run with its letters joined ("you are a s l u r" gives "aslur"). */
const spacedRuns = (s: string) => [...s.matchAll(SPACED_RUN)].map((m) => m[0].replace(/[^\p{L}\p{N}]+/gu, ''));

/** The readings of a text the word filters look at, as whole words. */
export function readings(text: string): string[] {
  const base = canonicalText(text).replace(/\s+/g, ' ');
  const plain = withoutTrailingPunctuation(withoutEmphasis(base)).replace(/\s+/g, ' ');
  return base === plain ? [base] : [base, plain];
}

// obscenity's pattern syntax gives meaning to [ ] ? | and \ : escape them in words from the settings.
const escapePattern = (s: string) => s.replace(/[[\]?|\\]/g, '\\$&');

type WordMatcher = {
  /** Whole words and phrases. */
  words: RegExpMatcher;
  /** Anywhere: only for the joined letters of a spaced-out run, where the word's own edges are gone. */
  inside: RegExpMatcher;
  /**
   * Without the English transformers, for words in other scripts (the lookalike map would turn "дурак" into
   * half-Latin); obscenity's word edges are ASCII-only, so whole words are checked by findWords.
   */
  literal: RegExpMatcher;
  dataset: DataSet<{ word: string }>;
};
const matchers = new Map<string, WordMatcher | null>();

function matcherFor(list: string[]): WordMatcher | null {
  const key = JSON.stringify(list);
  const cached = matchers.get(key);
  if (cached !== undefined) return cached;
  const dataset = new DataSet<{ word: string }>();
  const inside = new DataSet<{ word: string }>();
  const literal = new DataSet<{ word: string }>();
  let count = 0;
  for (const raw of list) {
    const word = canonicalText(raw).toLowerCase().replace(/\s+/g, ' ').trim();
    if (!word) continue;
    try {
      const whole = parseRawPattern(`|${escapePattern(word)}|`);
      const anywhere = parseRawPattern(escapePattern(word.replace(/ /g, '')));
      dataset.addPhrase((p) => p.setMetadata({ word: raw.trim() }).addPattern(whole));
      inside.addPhrase((p) => p.setMetadata({ word: raw.trim() }).addPattern(anywhere));
      literal.addPhrase((p) => p.setMetadata({ word: raw.trim() }).addPattern(parseRawPattern(escapePattern(word))));
      count++;
    } catch {
      // A word the pattern parser cannot take is skipped rather than failing every comment.
    }
  }
  // The data sets list the same phrases in the same order, so their match ids name the same word.
  const built = count
    ? {
        words: new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers }),
        inside: new RegExpMatcher({ ...inside.build(), ...englishRecommendedTransformers }),
        literal: new RegExpMatcher({ ...literal.build() }),
        dataset,
      }
    : null;
  if (matchers.size > 20) matchers.clear();
  matchers.set(key, built);
  return built;
}

/** Words and phrases of `list` found in the text (as whole words, however disguised), in list order. */
export function findWords(text: string, list: string[]): string[] {
  const m = matcherFor(list);
  if (!m) return [];
  const found = new Set<string>();
  const add = (matches: ReturnType<RegExpMatcher['getAllMatches']>) => {
    for (const match of matches) {
      const word = m.dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.word;
      if (word) found.add(word);
    }
  };
  const texts = readings(text);
  const wordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c);
  for (const reading of texts) {
    add(m.words.getAllMatches(reading));
    const lower = reading.toLowerCase();
    add(m.literal.getAllMatches(lower).filter((x) => !wordChar(lower[x.startIndex - 1]) && !wordChar(lower[x.endIndex + 1])));
  }
  for (const run of spacedRuns(texts.at(-1)!)) add(m.inside.getAllMatches(run));
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
