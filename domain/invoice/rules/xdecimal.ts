/**
 * xs:decimal values for the rules: exact, as the official Schematron computes them.
 *
 * Document amounts are short (`1234.56`, `20`): such a value is held as an integer and a scale,
 * `m × 10^-s`, and added, multiplied and compared in plain doubles while every intermediate
 * integer stays safe (below 2^53, where doubles are exact). Anything else (a longer value, the
 * exact expansion of a double, NaN, or a result that would leave that range) is held by
 * decimal.js, which stays the reference: this is a fast path in front of it, not a second
 * arithmetic. decimal.js costs 150 to 450 ns per operation or parse here, and the rules do about
 * a hundred per invoice.
 */
import { Decimal } from 'decimal.js';

/** decimal.js with 1000 significant digits: +, − and × stay exact on document values. */
const Big = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP });
type Big = InstanceType<typeof Big>;

/** The largest scale the fast path takes, and 10^k for each scale up to it: each is an exact double. */
const MAX_SCALE = 22;
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);

const LEXICAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export class XDecimal {
  /** With `big` unset: the value is `m × 10^-s`, m a safe integer (−0 kept), 0 ≤ s ≤ 22. */
  private readonly m: number;
  private readonly s: number;
  private readonly big: Big | undefined;

  /**
   * From the xs:decimal lexical form, or a number (constants; NaN). Within this module also
   * `(m, scale)` for m × 10^-scale, and a decimal.js value.
   */
  constructor(value: string | number | Big, scale?: number) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.m = value;
      this.s = scale ?? 0;
      this.big = undefined;
      return;
    }
    const fast = typeof value === 'string' ? parseFast(value) : undefined;
    this.m = fast?.[0] ?? 0;
    this.s = fast?.[1] ?? 0;
    this.big = fast ? undefined : value instanceof Big ? value : new Big(value);
  }

  /** decimal.js's value, for the slow path. */
  private toBig(): Big {
    if (this.big) return this.big;
    const negative = this.m < 0 || Object.is(this.m, -0);
    return new Big(`${negative ? '-' : ''}${Math.abs(this.m)}e-${this.s}`);
  }

  plus(o: XDecimal): XDecimal {
    return this.add(o, 1);
  }

  minus(o: XDecimal): XDecimal {
    return this.add(o, -1);
  }

  private add(o: XDecimal, sign: 1 | -1): XDecimal {
    if (!this.big && !o.big) {
      const s = Math.max(this.s, o.s);
      const a = this.m * POW10[s - this.s]!;
      const b = o.m * POW10[s - o.s]!;
      const m = sign === 1 ? a + b : a - b;
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(m)) return new XDecimal(m, s);
    }
    return new XDecimal(sign === 1 ? this.toBig().plus(o.toBig()) : this.toBig().minus(o.toBig()));
  }

  times(o: XDecimal): XDecimal {
    if (!this.big && !o.big) {
      const m = this.m * o.m;
      const s = this.s + o.s;
      if (Number.isSafeInteger(m) && s <= MAX_SCALE) return new XDecimal(m, s);
    }
    return new XDecimal(this.toBig().times(o.toBig()));
  }

  abs(): XDecimal {
    return this.big ? new XDecimal(this.big.abs()) : new XDecimal(Math.abs(this.m), this.s);
  }

  /** −1, 0 or 1; NaN when either is NaN. */
  cmp(o: XDecimal): number {
    if (!this.big && !o.big) {
      const s = Math.max(this.s, o.s);
      const a = this.m * POW10[s - this.s]!;
      const b = o.m * POW10[s - o.s]!;
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a < b ? -1 : a > b ? 1 : 0;
    }
    return this.toBig().cmp(o.toBig());
  }

  eq(o: XDecimal): boolean {
    return this.cmp(o) === 0;
  }

  lt(o: XDecimal): boolean {
    return this.cmp(o) < 0;
  }

  lte(o: XDecimal): boolean {
    const c = this.cmp(o);
    return c < 0 || c === 0;
  }

  gt(o: XDecimal): boolean {
    return this.cmp(o) > 0;
  }

  isNaN(): boolean {
    return this.big ? this.big.isNaN() : false;
  }

  isZero(): boolean {
    return this.big ? this.big.isZero() : this.m === 0;
  }

  /** The nearest double (m and 10^s are exact doubles, and IEEE division rounds correctly). */
  toNumber(): number {
    return this.big ? this.big.toNumber() : this.m / POW10[this.s]!;
  }

  /** Digits after the point, trailing zeros not counted; NaN for NaN. */
  decimalPlaces(): number {
    if (this.big) return this.big.decimalPlaces();
    let { m, s } = this;
    while (s > 0 && m % 10 === 0) {
      m /= 10;
      s--;
    }
    return s;
  }

  /** fn:round: to a whole number, half towards positive infinity. */
  round(): XDecimal {
    if (!this.big && this.s === 0) return this;
    if (!this.big && Math.abs(this.m) <= 2 ** 52 && this.s <= 15) {
      const p = POW10[this.s]!;
      // q = floor(m / p) and r = m − q·p in [0, p), exactly: the division only gives a first guess.
      let q = Math.trunc(this.m / p);
      let r = this.m - q * p;
      while (r < 0) {
        q--;
        r += p;
      }
      while (r >= p) {
        q++;
        r -= p;
      }
      return new XDecimal(2 * r >= p ? q + 1 : q, 0);
    }
    return new XDecimal(this.toBig().toDecimalPlaces(0, Big.ROUND_HALF_CEIL));
  }

  toString(): string {
    return this.toBig().toString();
  }

  toFixed(): string {
    return this.toBig().toFixed();
  }
}

/** A decimal of at most 15 significant digits and 22 decimals, as [m, s]; undefined otherwise. */
function parseFast(text: string): [number, number] | undefined {
  const parts = LEXICAL.exec(text);
  if (!parts) return undefined;
  const [, sign = '', whole = '', fraction = ''] = parts;
  if (whole === '' && fraction === '') return undefined;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits.length > 15 || fraction.length > MAX_SCALE) return undefined;
  const m = Number(digits === '' ? '0' : digits);
  return [sign === '-' ? -m : m, fraction.length];
}
