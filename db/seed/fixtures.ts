/** Well-known seeded records that tests and demos refer to by name. */
export const LONG_THREAD_SLUG = 'the-long-thread';
export const TEN_THOUSAND_SLUG = 'ten-thousand-comments';
/** Benchmark articles (npm run bench): 100 and 1,000 comments, about 30 % of them replies. */
export const HUNDRED_SLUG = 'a-hundred-comments-on-the-night-bus';
export const THOUSAND_SLUG = 'a-thousand-comments-on-the-bike-lanes';
/** Carries the held (pending) comments from troll@. */
export const HELD_COMMENTS_SLUG = 'the-last-hardware-store-on-main-street-turns-100';
/** The only article whose body contains SEARCH_WORD; no title contains it. */
export const SEARCH_WORD = 'heliotrope';
export const SEARCH_SLUG = 'the-painter-who-mixes-her-own-colours';
export const SCHEDULED_SLUG = 'budget-week-a-preview-of-the-hearings';
export const DRAFT_SLUG = 'notes-on-the-harbour-commission';
export const FEATURED_CAMPAIGN_SLUG = 'reader-fund-2026';
export const CLOSED_CAMPAIGN_SLUG = 'election-desk-2025';
export const FEATURED_CAMPAIGN_PLEDGED_CENTS = 99_000;
export const LONG_THREAD_COMMENTS = 324;
export const TEN_THOUSAND_COMMENTS = 10_000;
export const HUNDRED_COMMENTS = 100;
export const THOUSAND_COMMENTS = 1_000;
/** Deepest `depth` of seeded replies (top-level comments have depth 0). */
export const MAX_SEED_DEPTH = 5;
