/**
 * The general-purpose stream filters besides FlateDecode (ISO 32000-1 §7.4.2–7.4.5): a producer
 * may store an attachment or a cross-reference stream with any of them, alone or chained.
 * Each decoder stops as soon as its output would pass `max` (and then says so with undefined),
 * so a stream made to expand is caught as FlateDecode's are (filters.ts). As viewers do, data
 * that ends without its end-of-data marker gives what it holds.
 */
import { hexValue, isHex, isWhite, malformed } from './objects.ts';

/** A growing output that refuses to pass `max` bytes. */
class Output {
  private bytes: Uint8Array;
  length = 0;
  private readonly max: number;
  constructor(expected: number, max: number) {
    this.max = max;
    this.bytes = new Uint8Array(Math.max(16, Math.min(expected, max)));
  }
  /** Room for `n` more bytes; false when that would pass the cap. */
  reserve(n: number): boolean {
    const needed = this.length + n;
    if (needed > this.max) return false;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.min(this.max, Math.max(needed, this.bytes.length * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    return true;
  }
  push(b: number): boolean {
    if (!this.reserve(1)) return false;
    this.bytes[this.length++] = b;
    return true;
  }
  /** Writes at `at` (reserved) without moving the end. */
  set(at: number, b: number): void {
    this.bytes[at] = b;
  }
  get(at: number): number {
    return this.bytes[at]!;
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** ASCIIHexDecode: pairs of hex digits, white space ignored, `>` the end; a lone last digit is followed by 0. */
export function asciiHex(input: Uint8Array, max: number, what: string): Uint8Array | undefined {
  const out = new Output(input.length >> 1, max);
  let high = -1;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x3e) break;
    if (isWhite(c)) continue;
    if (!isHex(c)) throw malformed(`the ASCIIHexDecode data of ${what} holds byte ${c} at ${i}, which is not a hex digit`);
    if (high < 0) high = hexValue(c);
    else {
      if (!out.push((high << 4) | hexValue(c))) return undefined;
      high = -1;
    }
  }
  if (high >= 0 && !out.push(high << 4)) return undefined;
  return out.done();
}

const A85_ZERO = 0x7a; // z
const A85_FIRST = 0x21; // !
const A85_LAST = 0x75; // u

/** ASCII85Decode: groups of five base-85 digits for four bytes, `z` for four zeros, `~>` the end. */
export function ascii85(input: Uint8Array, max: number, what: string): Uint8Array | undefined {
  const out = new Output(Math.ceil((input.length * 4) / 5), max);
  let value = 0;
  let digits = 0;
  const emit = (bytes: number): boolean => {
    if (!out.reserve(bytes)) return false;
    for (let k = 0; k < bytes; k++) out.push((value >>> (24 - 8 * k)) & 0xff);
    return true;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x7e) break; // ~, the first byte of the end marker
    if (isWhite(c)) continue;
    if (c === A85_ZERO && digits === 0) {
      if (!emit(4)) return undefined;
      continue;
    }
    if (c < A85_FIRST || c > A85_LAST) throw malformed(`the ASCII85Decode data of ${what} holds byte ${c} at ${i}, which is not a base-85 digit`);
    value = value * 85 + (c - A85_FIRST);
    if (++digits === 5) {
      if (value > 0xffffffff) throw malformed(`the ASCII85Decode data of ${what} has a group worth more than four bytes at ${i}`);
      if (!emit(4)) return undefined;
      value = 0;
      digits = 0;
    }
  }
  if (digits === 1) throw malformed(`the ASCII85Decode data of ${what} ends with a single digit, which encodes no byte`);
  if (digits > 1) {
    // A last group of n digits stands for n − 1 bytes: it was padded with the highest digit.
    const bytes = digits - 1;
    for (; digits < 5; digits++) value = value * 85 + (A85_LAST - A85_FIRST);
    if (value > 0xffffffff) throw malformed(`the ASCII85Decode data of ${what} ends with a group worth more than four bytes`);
    if (!emit(bytes)) return undefined;
  }
  return out.done();
}

/** RunLengthDecode: a length byte 0–127 copies that many bytes plus one, 129–255 repeats the next byte 257 − length times, 128 ends. */
export function runLength(input: Uint8Array, max: number): Uint8Array | undefined {
  const out = new Output(input.length * 2, max);
  let i = 0;
  while (i < input.length) {
    const n = input[i++]!;
    if (n === 128) break;
    if (n < 128) {
      const run = input.subarray(i, i + n + 1);
      if (!out.reserve(run.length)) return undefined;
      for (const b of run) out.push(b);
      i += n + 1;
    } else {
      if (i >= input.length) break;
      const b = input[i++]!;
      if (!out.reserve(257 - n)) return undefined;
      for (let k = 0; k < 257 - n; k++) out.push(b);
    }
  }
  return out.done();
}

const LZW_CLEAR = 256;
const LZW_EOD = 257;
const LZW_MAX_CODES = 4096;

/**
 * LZWDecode: codes of 9 to 12 bits, most significant bit first, 256 resets the table, 257 ends.
 * With EarlyChange 1 (the default) the code length grows one code early, as TIFF's LZW does.
 * The table holds each entry as its prefix entry and last byte, so no string is ever copied.
 */
export function lzw(input: Uint8Array, max: number, what: string, earlyChange: number): Uint8Array | undefined {
  const prefix = new Int16Array(LZW_MAX_CODES);
  const last = new Uint8Array(LZW_MAX_CODES);
  const first = new Uint8Array(LZW_MAX_CODES);
  const length = new Uint16Array(LZW_MAX_CODES);
  for (let c = 0; c < 256; c++) [prefix[c], last[c], first[c], length[c]] = [-1, c, c, 1];
  const out = new Output(input.length * 3, max);
  let next = 258;
  let width = 9;
  let previous = -1;
  let bits = 0;
  let held = 0;
  let i = 0;
  for (;;) {
    while (held < width && i < input.length) {
      bits = ((bits << 8) | input[i++]!) & 0xffffff;
      held += 8;
    }
    if (held < width) break;
    const code = (bits >>> (held - width)) & ((1 << width) - 1);
    held -= width;
    if (code === LZW_CLEAR) {
      [next, width, previous] = [258, 9, -1];
      continue;
    }
    if (code === LZW_EOD) break;
    if (code > next || (code === next && previous < 0)) {
      throw malformed(`the LZWDecode data of ${what} uses code ${code} before defining it`);
    }
    // The entry: the code's, or (the one case where the encoder is a step ahead) the previous entry and its first byte.
    const entry = code < next ? code : previous;
    const size = length[entry]! + (code === next ? 1 : 0);
    if (!out.reserve(size)) return undefined;
    const start = out.length;
    out.length += size;
    let at = start + length[entry]! - 1;
    for (let e = entry; e >= 0; e = prefix[e]!) out.set(at--, last[e]!);
    if (code === next) out.set(start + size - 1, first[previous]!);
    if (previous >= 0 && next < LZW_MAX_CODES) {
      [prefix[next], last[next], first[next], length[next]] = [previous, out.get(start), first[previous]!, length[previous]! + 1];
      next++;
    }
    previous = code;
    if (next + earlyChange >= 1 << width && width < 12) width++;
  }
  return out.done();
}
