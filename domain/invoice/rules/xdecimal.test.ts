import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XDecimal } from './xdecimal.ts';

/** The reference: decimal.js as the rules used it before the fast path. */
const Ref = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP });

/** Decimals as documents write them, short (the fast path) and long (decimal.js), signs and zeros included. */
const written = (whole: RegExp, fraction: RegExp) =>
  fc
    .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(whole), fc.option(fc.stringMatching(fraction)))
    .filter(([, w, f]) => w !== '' || (f ?? '') !== '')
    .map(([sign, w, f]) => `${sign}${w}${f === null ? '' : `.${f}`}`);
const decimalText = fc.oneof(written(/^\d{0,8}$/, /^\d{0,4}$/), written(/^\d{0,19}$/, /^\d{0,23}$/));

const pair = fc.tuple(decimalText, decimalText);
const runs = { numRuns: 3000 };

describe('XDecimal agrees with decimal.js', () => {
  it('reads values and writes them back alike', () => {
    fc.assert(
      fc.property(decimalText, (a) => {
        const x = new XDecimal(a);
        const r = new Ref(a);
        expect(x.toString()).toBe(r.toString());
        expect(x.toNumber()).toBe(r.toNumber());
        expect(x.isZero()).toBe(r.isZero());
        expect(x.decimalPlaces()).toBe(r.decimalPlaces());
        expect(x.abs().toString()).toBe(r.abs().toString());
        expect(x.round().toString()).toBe(r.toDecimalPlaces(0, Ref.ROUND_HALF_CEIL).toString());
      }),
      runs,
    );
  });

  it('adds, subtracts, multiplies and compares alike', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const [x, y] = [new XDecimal(a), new XDecimal(b)];
        const [r, q] = [new Ref(a), new Ref(b)];
        expect(x.plus(y).toString()).toBe(r.plus(q).toString());
        expect(x.minus(y).toString()).toBe(r.minus(q).toString());
        expect(x.times(y).toString()).toBe(r.times(q).toString());
        expect(x.cmp(y)).toBe(r.cmp(q));
        expect([x.eq(y), x.lt(y), x.lte(y), x.gt(y)]).toEqual([r.eq(q), r.lt(q), r.lte(q), r.gt(q)]);
      }),
      runs,
    );
  });

  it('rounds half towards positive infinity, at the edges of the fast path too', () => {
    for (const a of ['2.5', '-2.5', '-0.5', '0.5', '-0.49', '4503599627370495.5', '-4503599627370495.5', '0.000000000000001', '-123456789012.345']) {
      expect(new XDecimal(a).round().toString(), a).toBe(new Ref(a).toDecimalPlaces(0, Ref.ROUND_HALF_CEIL).toString());
    }
  });

  it('leaves NaN to decimal.js: comparisons with it are false', () => {
    const nan = new XDecimal(NaN);
    const one = new XDecimal('1');
    expect(nan.isNaN()).toBe(true);
    expect([nan.eq(one), nan.lt(one), nan.lte(one), nan.gt(one), one.eq(nan)]).toEqual([false, false, false, false, false]);
    expect(nan.plus(one).isNaN()).toBe(true);
    expect(nan.decimalPlaces()).toBeNaN();
  });
});
