import { describe, expect, it } from 'vitest';
import { centsToInput, formatMoney, isCurrency, parseAmountToCents } from './money';

describe('parseAmountToCents', () => {
  it.each([
    ['25', 2500],
    ['25.5', 2550],
    ['25.50', 2550],
    [' 25.05 ', 2505],
    ['0.99', 99],
    ['1', 100],
    ['1,000', 100000],
    ['$25', 2500],
    ['007', 700],
    ['.50', 50],
    ['100000', 10000000],
  ])('%s -> %d cents', (input, cents) => {
    expect(parseAmountToCents(input, 'USD', { min: 1 })).toEqual({ ok: true, cents });
  });

  it.each([
    ['', /Enter an amount/],
    ['0', /more than zero/],
    ['0.00', /more than zero/],
    ['-5', /negative/],
    ['-0.5', /negative/],
    ['1e12', /largest pledge is \$100,000/],
    ['1e2', /plain digits/],
    ['abc', /as a number/],
    ['12abc', /as a number/],
    ['.', /as a number/],
    ['1.234', /two decimal places/],
    ['25.999', /two decimal places/],
    ['100000.01', /largest pledge/],
    ['9'.repeat(400), /largest pledge/],
    ['NaN', /as a number/],
    ['Infinity', /as a number/],
    ['0x10', /as a number/],
    ['1,00', /as a number/],
  ])('%s is refused', (input, message) => {
    const r = parseAmountToCents(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('applies the minimum', () => {
    const r = parseAmountToCents('0.50');
    expect(r).toEqual({ ok: false, error: 'The smallest pledge is $1.' });
  });

  it('never produces a float', () => {
    for (let i = 1; i < 1000; i++) {
      const input = `${i}.${String(i % 100).padStart(2, '0')}`;
      const r = parseAmountToCents(input);
      expect(r.ok && Number.isInteger(r.cents)).toBe(true);
      expect(r.ok && r.cents).toBe(i * 100 + (i % 100));
    }
  });
});

describe('formatMoney', () => {
  it('formats whole and fractional amounts for the currency', () => {
    expect(formatMoney(0, 'USD')).toBe('$0');
    expect(formatMoney(250000, 'USD')).toBe('$2,500');
    expect(formatMoney(500000, 'USD')).toBe('$5,000');
    expect(formatMoney(99000, 'USD')).toBe('$990');
    expect(formatMoney(2550, 'USD')).toBe('$25.50');
    expect(formatMoney(2500, 'USD', { cents: true })).toBe('$25.00');
    expect(formatMoney(2500, 'EUR')).toBe('€25');
    expect(formatMoney(2500, 'GBP')).toBe('£25');
  });
  it('refuses non-integer cents', () => {
    expect(() => formatMoney(25.5, 'USD')).toThrow();
  });
  it('round-trips through the input format', () => {
    expect(centsToInput(2500)).toBe('25');
    expect(centsToInput(2505)).toBe('25.05');
    expect(parseAmountToCents(centsToInput(123456))).toEqual({ ok: true, cents: 123456 });
  });
  it('knows its currencies', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('usd')).toBe(false);
  });
});
