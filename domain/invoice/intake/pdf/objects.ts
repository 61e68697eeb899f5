/**
 * PDF objects (ISO 32000-1 §7.3) and a lexer for them, over bytes. Only what reading a file's
 * attachments needs; every loop moves forward, nesting is capped, and each parse is charged to
 * a work meter, so no input makes the reader spin or recurse without end.
 */
import { reject } from '../findings.ts';

export interface PdfName { readonly kind: 'name'; readonly name: string }
export interface PdfString { readonly kind: 'string'; readonly bytes: Uint8Array }
export interface PdfRef { readonly kind: 'ref'; readonly num: number; readonly gen: number }
export interface PdfDict { readonly kind: 'dict'; readonly entries: ReadonlyMap<string, PdfValue> }
export interface PdfStream { readonly kind: 'stream'; readonly dict: PdfDict; readonly raw: Uint8Array }
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfValue[];

export const malformed = (message: string) => reject('PDF-MALFORMED', `the PDF cannot be read: ${message}`);

/** Bytes of PDF syntax read so far, against a ceiling proportional to the input. */
export class WorkMeter {
  private left: number;
  constructor(limit: number) {
    this.left = limit;
  }
  /** Whether the ceiling was reached: from then on, every read fails. */
  get exhausted(): boolean {
    return this.left < 0;
  }
  charge(bytes: number): void {
    this.left -= bytes;
    if (this.left < 0) throw malformed('its structure makes the reader go over the same bytes again and again');
  }
}

/** Arrays and dictionaries nest deeper than this only in files made to crash readers. */
const MAX_NESTING = 64;

/** Names are at most 127 bytes in PDF 1.7 (annex C); far longer ones are not names. */
const MAX_NAME = 1024;

export const isWhite = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number | undefined): boolean =>
  c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
export const isRegular = (c: number | undefined): boolean => c !== undefined && !isWhite(c) && !isDelimiter(c);
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
export const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
export const isHex = (c: number | undefined): boolean => c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

export class PdfLexer {
  readonly src: Uint8Array;
  pos: number;
  private readonly meter: WorkMeter;

  constructor(src: Uint8Array, pos: number, meter: WorkMeter) {
    this.src = src;
    this.pos = pos;
    this.meter = meter;
  }

  skipSpace(): void {
    const s = this.src;
    for (;;) {
      while (isWhite(s[this.pos])) this.pos++;
      if (s[this.pos] !== 0x25) return;
      while (this.pos < s.length && s[this.pos] !== 0x0a && s[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** Whether the next token is `word`; consumes it if so. */
  keyword(word: string): boolean {
    this.skipSpace();
    for (let k = 0; k < word.length; k++) if (this.src[this.pos + k] !== word.charCodeAt(k)) return false;
    if (isRegular(this.src[this.pos + word.length])) return false;
    this.pos += word.length;
    return true;
  }

  /** A non-negative integer token, or undefined (position unchanged). */
  integer(): number | undefined {
    this.skipSpace();
    let p = this.pos;
    let n = 0;
    while (isDigit(this.src[p])) n = n * 10 + this.src[p++]! - 0x30;
    if (p === this.pos || isRegular(this.src[p]) || n > Number.MAX_SAFE_INTEGER) return undefined;
    this.pos = p;
    return n;
  }

  /** One value; `n g R` becomes a reference. Charged to the meter. */
  value(): PdfValue {
    const start = this.pos;
    try {
      return this.read(0);
    } finally {
      // Charged when the value turns out damaged too: what was read to find that out was work.
      this.meter.charge(this.pos - start);
    }
  }

  private read(depth: number): PdfValue {
    if (depth > MAX_NESTING) throw malformed(`arrays or dictionaries nested deeper than ${MAX_NESTING}`);
    this.skipSpace();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) throw malformed('it ends in the middle of an object');
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c && s[this.pos + 1] === 0x3c) return this.dict(depth);
    if (c === 0x3c) return this.hexString();
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      while (!this.closes(0x5d)) items.push(this.read(depth + 1));
      return items;
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
    if (this.keyword('true')) return true;
    if (this.keyword('false')) return false;
    if (this.keyword('null')) return null;
    throw malformed(`unexpected ${describeAt(s, this.pos)} at byte ${this.pos}`);
  }

  /** Consumes `close` if it is next; fails at the end of input. */
  private closes(close: number): boolean {
    this.skipSpace();
    if (this.pos >= this.src.length) throw malformed('it ends inside an array or dictionary');
    if (this.src[this.pos] !== close) return false;
    this.pos++;
    return true;
  }

  private dict(depth: number): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === 0x3e && this.src[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      if (this.src[this.pos] !== 0x2f) throw malformed(`a dictionary key is not a name at byte ${this.pos}`);
      const key = this.name().name;
      entries.set(key, this.read(depth + 1));
    }
  }

  private name(): PdfName {
    const s = this.src;
    let p = this.pos + 1;
    let out = '';
    while (isRegular(s[p])) {
      if (p - this.pos > MAX_NAME) throw malformed(`a name longer than ${MAX_NAME} bytes at byte ${this.pos}`);
      const c = s[p]!;
      if (c === 0x23 && isHex(s[p + 1]) && isHex(s[p + 2])) {
        out += String.fromCharCode(hexValue(s[p + 1]!) * 16 + hexValue(s[p + 2]!));
        p += 3;
      } else {
        out += String.fromCharCode(c);
        p++;
      }
    }
    this.pos = p;
    return { kind: 'name', name: out };
  }

  private numberOrRef(): PdfValue {
    const start = this.pos;
    const num = this.integer();
    if (num !== undefined) {
      const afterNum = this.pos;
      const gen = this.integer();
      if (gen !== undefined && this.keyword('R')) return { kind: 'ref', num, gen };
      this.pos = afterNum;
      return num;
    }
    let p = start;
    while (isRegular(this.src[p])) p++;
    const text = Buffer.from(this.src.buffer, this.src.byteOffset + start, p - start).toString('latin1');
    this.pos = p;
    const n = Number.parseFloat(text.replace(/^([+-])[+-]+/, '$1'));
    return Number.isFinite(n) ? n : 0; // what viewers do with "--1" or "1.2.3"
  }

  private literalString(): PdfString {
    const s = this.src;
    // First find the end (balanced parentheses, escapes), so the output is allocated once.
    let p = this.pos + 1;
    for (let open = 1; open > 0; p++) {
      const c = s[p];
      if (c === undefined) throw malformed('an unterminated string');
      if (c === 0x5c) p++;
      else if (c === 0x28) open++;
      else if (c === 0x29) open--;
    }
    const end = p - 1;
    const out = new Uint8Array(end - this.pos - 1);
    let n = 0;
    for (let i = this.pos + 1; i < end; i++) {
      const c = s[i]!;
      if (c !== 0x5c) {
        out[n++] = c;
        continue;
      }
      const e = s[++i]!;
      if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && i + 1 < end && s[i + 1]! >= 0x30 && s[i + 1]! <= 0x37; k++) v = v * 8 + s[++i]! - 0x30;
        out[n++] = v & 0xff;
      } else if (e === 0x0d) {
        if (s[i + 1] === 0x0a) i++; // line continuation
      } else if (e !== 0x0a) {
        out[n++] = ESCAPES[e] ?? e;
      }
    }
    this.pos = end + 1;
    return { kind: 'string', bytes: out.subarray(0, n) };
  }

  private hexString(): PdfString {
    const s = this.src;
    const close = s.indexOf(0x3e, this.pos);
    if (close < 0) throw malformed('an unterminated hexadecimal string');
    const out = new Uint8Array(Math.ceil((close - this.pos) / 2));
    let n = 0;
    let high = -1;
    for (let i = this.pos + 1; i < close; i++) {
      const c = s[i]!;
      if (isWhite(c)) continue;
      if (!isHex(c)) throw malformed(`a hexadecimal string holds ${describeAt(s, i)} at byte ${i}`);
      if (high < 0) high = hexValue(c);
      else {
        out[n++] = high * 16 + hexValue(c);
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high * 16;
    this.pos = close + 1;
    return { kind: 'string', bytes: out.subarray(0, n) };
  }
}

function describeAt(s: Uint8Array, at: number): string {
  const text = Buffer.from(s.buffer, s.byteOffset + at, Math.max(0, Math.min(12, s.length - at))).toString('latin1');
  return `"${text.replace(/[^\x20-\x7E]/g, '·')}"`;
}

// Accessors: a PDF value is whatever the file says, so each use checks the kind it expects.
export const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'dict';
export const isStream = (v: PdfValue | undefined): v is PdfStream => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'stream';
export const isRef = (v: PdfValue | undefined): v is PdfRef => typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'ref';
export const nameOf = (v: PdfValue | undefined): string | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'name' ? v.name : undefined;
export const stringOf = (v: PdfValue | undefined): Uint8Array | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'string' ? v.bytes : undefined;
export const intOf = (v: PdfValue | undefined): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/** A text string (§7.9.2.2): UTF-16BE or UTF-8 with a byte order mark, else PDFDocEncoding (Latin-1 for every printable ASCII name). */
export function textOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return Buffer.from(bytes.subarray(3)).toString('utf8');
  return Buffer.from(bytes).toString('latin1');
}
