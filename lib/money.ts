/**
 * Money is integer cents (minor units) with an ISO 4217 currency code, end to end. This module turns a
 * typed amount into cents (refusing anything ambiguous) and formats cents for display with Intl.NumberFormat.
 */

/** Currencies a campaign may use: all with two decimal places, so "cents" is exact for each. */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK'] as const;
export type Currency = (typeof CURRENCIES)[number];

export function isCurrency(code: unknown): code is Currency {
  return typeof code === 'string' && (CURRENCIES as readonly string[]).includes(code);
}

/** Largest single pledge: 100,000 in the campaign's currency. */
export const MAX_PLEDGE_CENTS = 100_000_00;
export const MIN_PLEDGE_CENTS = 1_00;

const LOCALE = 'en-US';
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, fraction: boolean): Intl.NumberFormat {
  const key = `${currency}:${fraction}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      minimumFractionDigits: fraction ? 2 : 0,
      maximumFractionDigits: fraction ? 2 : 0,
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats integer cents: whole amounts without decimals ("$2,500"), others with two ("$25.50").
 * Pass `{ cents: true }` to always show the decimals (receipts, CSV-like listings).
 */
export function formatMoney(cents: number, currency: string, opts: { cents?: boolean } = {}): string {
  if (!Number.isInteger(cents)) throw new Error(`formatMoney expects integer cents, got ${cents}`);
  const showFraction = opts.cents || cents % 100 !== 0;
  // Dividing by 100 is exact enough for display: Intl rounds to 2 decimals.
  return formatter(currency, showFraction).format(cents / 100);
}

/** Cents as a plain decimal string for form values and CSV: 2500 -> "25", 2550 -> "25.50". */
export function centsToInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}

export type ParsedAmount = { ok: true; cents: number } | { ok: false; error: string };

/**
 * Parses what a person typed ("25", "25.5", "25.50", "1,000", "$25") into integer cents without ever going
 * through a float. Refuses, each with its own message: empty, not a number, negative, zero, more than two
 * decimals, below the minimum and above the maximum.
 */
export function parseAmountToCents(input: string, currency: string = 'USD', limits: { min?: number; max?: number } = {}): ParsedAmount {
  const min = limits.min ?? MIN_PLEDGE_CENTS;
  const max = limits.max ?? MAX_PLEDGE_CENTS;
  const raw = String(input ?? '').trim();
  if (raw === '') return { ok: false, error: 'Enter an amount.' };

  // Accept a leading currency symbol/code and thousands separators as people type them.
  let s = raw.replace(/^(?:[$€£]|[A-Za-z]{3}\s)\s*/, '').replace(/\s/g, '');
  const negative = s.startsWith('-') || s.startsWith('−');
  if (negative) s = s.slice(1);
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');

  if (/^\d*\.?\d*[eE][+-]?\d+$/.test(s) && s !== '') {
    // Scientific notation ("1e12"): understood, but never a sensible pledge.
    const n = Number(s);
    if (Number.isFinite(n) && n * 100 > max) return { ok: false, error: tooLarge(max, currency) };
    return { ok: false, error: 'Enter the amount as plain digits, like 25 or 25.50.' };
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) {
    return { ok: false, error: 'Enter the amount as a number, like 25 or 25.50.' };
  }
  const whole = m[1].replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, error: 'Use at most two decimal places (cents), like 25.50.' };
  if (negative && /[1-9]/.test(whole + frac)) return { ok: false, error: 'The amount can’t be negative.' };
  if (!/[1-9]/.test(whole + frac)) return { ok: false, error: 'The amount must be more than zero.' };
  // Compare lengths before converting so a 400-digit number can't overflow into something "valid".
  if (whole.length > 12) return { ok: false, error: tooLarge(max, currency) };
  const cents = Number(whole || '0') * 100 + Number(frac.padEnd(2, '0'));
  if (cents > max) return { ok: false, error: tooLarge(max, currency) };
  if (cents < min) return { ok: false, error: `The smallest pledge is ${safeFormat(min, currency)}.` };
  return { ok: true, cents };
}

function tooLarge(max: number, currency: string): string {
  return `The largest pledge is ${safeFormat(max, currency)}. For larger gifts, please contact the newsroom.`;
}

function safeFormat(cents: number, currency: string): string {
  try {
    return formatMoney(cents, currency);
  } catch {
    return formatMoney(cents, 'USD');
  }
}
