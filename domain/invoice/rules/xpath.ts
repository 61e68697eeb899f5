/**
 * The value semantics of the official Schematron (XPath 2.0 as Saxon evaluates it), so that the
 * rules here decide exactly as it does:
 *  - `xs:decimal(x)` is exact decimal arithmetic (xdecimal.ts: plain doubles on short values,
 *    decimal.js beyond);
 *  - a bare element in arithmetic or compared with a number is an xs:double: the official rules
 *    do that in places (CII sums, `cbc:Percent > 0`), and so must we, in IEEE doubles;
 *  - a double cast to xs:decimal keeps its exact binary value (Saxon: `new BigDecimal(double)`);
 *  - `round()` rounds half towards positive infinity;
 *  - an absent value is the empty sequence: every comparison with it is false;
 *  - a value that does not cast is NaN here (Saxon would stop with an error): comparisons are false.
 */
import { isXmlSpace } from '../../xml/space.ts';
import { XDecimal } from './xdecimal.ts';

export { XDecimal };

const NAN = new XDecimal(NaN);
export const ZERO = new XDecimal(0);
export const ONE = new XDecimal(1);
const HUNDRED = new XDecimal(100);
const HUNDREDTH = new XDecimal('0.01');

/** XML whitespace (what XPath trims and collapses), not JavaScript's wider notion. */
const XML_SPACE = /[ \t\n\r]+/g;
const XML_EDGES = /^[ \t\n\r]+|[ \t\n\r]+$/g;

/**
 * Whether fn:normalize-space leaves the text as it is: no whitespace at either end, no tab or
 * line break, no two spaces in a row. Nearly every value; a loop over its characters, since a
 * regular expression costs more than the short values take.
 */
function isNormalized(s: string): boolean {
  let afterSpace = true; // a space first is leading whitespace
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (c === 0x09 || c === 0x0a || c === 0x0d) return false;
    else afterSpace = false;
  }
  return !afterSpace;
}

/** fn:normalize-space; the empty sequence gives ''. */
export function normalizeSpace(s: string | undefined): string {
  if (s === undefined || s === '') return '';
  if (isNormalized(s)) return s;
  return s.replace(XML_EDGES, '').replace(XML_SPACE, ' ');
}

/** The text without the XML whitespace at its ends (as casts to numbers, booleans and dates trim it). */
function trimXml(s: string): string {
  return s.length > 0 && (isXmlSpace(s.charCodeAt(0)) || isXmlSpace(s.charCodeAt(s.length - 1))) ? s.replace(XML_EDGES, '') : s;
}

/** `normalize-space(x) != ''`: the value is there and says something. */
export function hasText(s: string | undefined): boolean {
  return s !== undefined && normalizeSpace(s) !== '';
}

/** `normalize-space(upper-case(x))`. */
export function normalizedUpper(s: string | undefined): string {
  return normalizeSpace(s).toUpperCase();
}

const DECIMAL_LEXICAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE_LEXICAL = /^([+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN)$/;

/** xs:decimal(x); undefined for the empty sequence, NaN when x is not a decimal. */
export function dec(s: string | undefined): XDecimal | undefined {
  if (s === undefined) return undefined;
  let d = parsed.get(s);
  if (d === undefined) {
    const plain = DECIMAL_LEXICAL.test(s);
    const t = plain ? s : trimXml(s);
    d = plain || (t !== s && DECIMAL_LEXICAL.test(t)) ? new XDecimal(t) : NAN;
    parsed.set(s, d);
  }
  return d;
}

/**
 * The same amounts are read by many rules (a line amount by BR-CO-10 and by each VAT sum): they
 * are parsed once per check. Decimals are immutable, so sharing them is safe.
 */
let parsed = new Map<string, XDecimal>();

/**
 * Forgets the parsed amounts: called before each document's check, so memory stays bounded. A
 * new map rather than clear(): measured with --trace-gc, clearing this long-lived map left about
 * 0.7 MB of earlier documents' entries surviving each young-generation collection.
 */
export function forgetParsedDecimals(): void {
  parsed = new Map();
}

/** An element used as a number (untypedAtomic to xs:double); undefined for the empty sequence. */
export function dbl(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = trimXml(s);
  if (!DOUBLE_LEXICAL.test(t)) return NaN;
  if (t.endsWith('INF')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/** xs:decimal(double): the exact value of the binary double, as Saxon converts it. */
export function decOfDouble(x: number): XDecimal {
  if (!Number.isFinite(x)) return NAN;
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // value = mantissa × 2^exponent
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const digits =
    exponent >= 0 ? (mantissa << BigInt(exponent)).toString() : `${mantissa * 5n ** BigInt(-exponent)}e-${-exponent}`;
  return new XDecimal(negative ? `-${digits}` : digits);
}

/** fn:round on xs:decimal: half rounds towards positive infinity. */
export function round(d: XDecimal | undefined): XDecimal | undefined {
  return d?.round();
}

/**
 * `x < d` for a double x and a decimal d, exactly. d's nearest double decides, unless it is x
 * itself: then only x's exact value can.
 */
export function dblLtDec(x: number, d: XDecimal): boolean {
  const near = d.toNumber();
  return x !== near ? x < near : decOfDouble(x).lt(d);
}

/** `x > d` for a double x and a decimal d, exactly. */
export function dblGtDec(x: number, d: XDecimal): boolean {
  const near = d.toNumber();
  return x !== near ? x > near : decOfDouble(x).gt(d);
}

/** `round(d * 10 * 10) div 100`, the official rules' rounding to cents. */
export function roundCents(d: XDecimal | undefined): XDecimal | undefined {
  // Document amounts mostly have cents at most: then they are their own rounding, and the three
  // operations are spared.
  if (d === undefined || d.decimalPlaces() <= 2) return d;
  return round(d.times(HUNDRED))?.times(HUNDREDTH);
}

/**
 * `roundCents(decOfDouble(x))`: a double's exact value rounded to cents (CII sums its line
 * amounts as doubles). Where x × 100, computed in doubles, is clearly not at a half, its rounding
 * is the exact value's, and the binary expansion through decimal.js (about 2 µs) is spared: the
 * product is within 2^-53 of the exact one, relatively, and the margin below is wider.
 */
export function roundCentsOfDouble(x: number): XDecimal | undefined {
  if (Number.isFinite(x) && x !== 0 && Math.abs(x) < 1e13) {
    const scaled = x * 100;
    const floor = Math.floor(scaled);
    const fraction = scaled - floor;
    if (Math.abs(fraction - 0.5) > (Math.abs(scaled) + 1) * 2 ** -50) return new XDecimal(fraction > 0.5 ? floor + 1 : floor).times(HUNDREDTH);
  }
  return roundCents(decOfDouble(x));
}

/** `round(abs(amount) * (rate div 100) * 10 * 10) div 100`: a VAT rate applied to an amount, in cents. */
export function taxAtRate(amount: XDecimal | undefined, rate: XDecimal | undefined): XDecimal | undefined {
  return amount && rate && roundCents(amount.abs().times(rate.times(HUNDREDTH)));
}

/** fn:round on xs:double (Java's Math.round, which JavaScript's matches). */
export function roundDouble(x: number | undefined): number | undefined {
  return x === undefined ? undefined : Math.round(x);
}

/** `sum(…/xs:decimal(x))` over the values present; 0 for none. */
export function sumDec(values: Iterable<string | undefined>): XDecimal {
  let total = ZERO;
  for (const v of values) {
    const d = dec(v);
    if (d !== undefined) total = total.plus(d);
  }
  return total;
}

/**
 * `sum(…/x)` over bare elements: doubles added in document order, from the first (so that a sum
 * of -0 is -0, which sameDouble tells from 0); 0 for none.
 */
export function sumDbl(values: Iterable<string | undefined>): number {
  let total: number | undefined;
  for (const v of values) {
    const d = dbl(v);
    if (d !== undefined) total = total === undefined ? d : total + d;
  }
  return total ?? 0;
}

const BARE_INTEGER = /^-?\d{1,15}$/;

/**
 * How Saxon-HE, which runs the official artefacts, compares a bare element's text with a number
 * (`(cbc:Percent) >= 0`, `ram:CalculatedAmount = 0`, `ram:BasisAmount = (round(…) div 100)`;
 * its UntypedNumericComparer): an integer written without a point, against an xs:integer (a
 * literal, or a sum of nothing: `round(sum(()) * 100) div 100` is the integer 0), compares as an
 * integer; anything else is read as a double and compared in Java's total order
 * (Double.compare), where -0 is below 0. So "-0.00" = 0 and "-0.00" >= 0 are false, while
 * "-0" = 0 is true (measured against the Schematron: docs/oracle.md).
 * -1, 0 or 1; undefined, which fails every comparison, when either side is absent or is no
 * number (NaN, which no amount or percentage of a schema-valid invoice is, included).
 */
export function compareBare(text: string | undefined, n: number | undefined, integer = false): -1 | 0 | 1 | undefined {
  if (text === undefined || n === undefined || Number.isNaN(n)) return undefined;
  const t = trimXml(text);
  const a = integer && BARE_INTEGER.test(t) ? Number(t) + 0 : dbl(t);
  if (a === undefined || Number.isNaN(a)) return undefined;
  if (a < n) return -1;
  if (a > n) return 1;
  return Object.is(a, n) ? 0 : Object.is(a, -0) ? -1 : 1;
}

/** `(x) = 0`, `(x) > 0` and `(x) >= 0` for a bare element against the literal 0 (compareBare); false when it is absent. */
export const bareIsZero = (text: string | undefined): boolean => compareBare(text, 0, true) === 0;
export const bareAboveZero = (text: string | undefined): boolean => compareBare(text, 0, true) === 1;
export const bareAtLeastZero = (text: string | undefined): boolean => (compareBare(text, 0, true) ?? -1) >= 0;

/** Whether a sum over these values sums nothing, and so is the xs:integer 0. */
export const noneThere = (values: readonly (string | undefined)[]): boolean => values.every((v) => v === undefined);

/** Value comparison with empty-sequence semantics: false when either side is absent or NaN. */
export function decEq(a: XDecimal | undefined, b: XDecimal | undefined): boolean {
  return a !== undefined && b !== undefined && a.eq(b);
}

export function decLt(a: XDecimal | undefined, b: XDecimal | undefined): boolean {
  return a !== undefined && b !== undefined && a.lt(b);
}

export function decLte(a: XDecimal | undefined, b: XDecimal | undefined): boolean {
  return a !== undefined && b !== undefined && a.lte(b);
}

/** `string-length(substring-after(x, '.')) <= 2`, the BR-DEC test: absent passes. */
export function atMostTwoDecimals(s: string | undefined): boolean {
  if (s === undefined) return true;
  const dot = s.indexOf('.');
  if (dot < 0) return true;
  // Characters as XPath counts them: a surrogate pair is one.
  let length = 0;
  for (let i = dot + 1; i < s.length && length <= 2; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) length++;
  }
  return length <= 2;
}

/** `x cast as xs:boolean` (and `x = true()`): undefined when x is absent or not a boolean. */
export function bool(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const t = trimXml(s);
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** `contains(' A B C ', concat(' ', normalize-space(x), ' '))` with no space inside x: the code-list test. */
export function inList(list: ReadonlySet<string>, s: string | undefined): boolean {
  const v = normalizeSpace(s);
  return !v.includes(' ') && list.has(v);
}

const XS_DATE = /^(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** xs:date(x) for comparison (the date part; time zones are not compared); null when not a date. */
export function xsDate(s: string): string | null {
  const m = XS_DATE.exec(trimXml(s));
  return m ? (m[1] ?? null) : null;
}
