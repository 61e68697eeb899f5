import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../../tests/support/paths.ts';
import { ascii85Of, asciiHexOf, lzwOf, runLengthOf } from '../encoders.ts';
import { IntakeError } from '../findings.ts';
import { ascii85, asciiHex, lzw, runLength } from './decoders.ts';

const cii = readFileSync(join(SAMPLES_DIR, 'en16931/cii/CII_example1.xml'));
const NO_CAP = 1 << 30;
const bytes = (...b: number[]) => Uint8Array.from(b);
const latin1 = (s: string) => Buffer.from(s, 'latin1');
/** The rule and message a decoder throws with. */
const failure = (f: () => unknown): { rule: string; message: string } => {
  try {
    f();
  } catch (err) {
    if (err instanceof IntakeError) return { rule: err.finding.rule, message: err.finding.message };
    throw err;
  }
  throw new Error('no failure');
};

const FILTERS = [
  ['ASCIIHexDecode', asciiHexOf, (d: Uint8Array, max = NO_CAP) => asciiHex(d, max, 'the stream')],
  ['ASCII85Decode', ascii85Of, (d: Uint8Array, max = NO_CAP) => ascii85(d, max, 'the stream')],
  ['RunLengthDecode', runLengthOf, (d: Uint8Array, max = NO_CAP) => runLength(d, max)],
  ['LZWDecode', (d: Uint8Array) => lzwOf(d), (d: Uint8Array, max = NO_CAP) => lzw(d, max, 'the stream', 1)],
  ['LZWDecode, EarlyChange 0', (d: Uint8Array) => lzwOf(d, 0), (d: Uint8Array, max = NO_CAP) => lzw(d, max, 'the stream', 0)],
] as const;

describe('stream decoders', () => {
  // Long runs fill the LZW table (clear codes) and RunLength's longest runs; random bytes its longest literals.
  const inputs = [new Uint8Array(0), bytes(0), bytes(1, 2, 3), cii, randomBytes(70_000), Buffer.alloc(100_000), Buffer.from('ab'.repeat(40_000))];

  it.each(FILTERS)('%s gives back what its encoding holds', (_, encode, decode) => {
    for (const input of inputs) expect(Buffer.from(decode(encode(input))!).equals(Buffer.from(input))).toBe(true);
  });

  it.each(FILTERS)('%s stops at the cap and says so', (_, encode, decode) => {
    const encoded = encode(cii);
    expect(decode(encoded, cii.length - 1)).toBeUndefined();
    expect(decode(encoded, cii.length)).toHaveLength(cii.length);
  });

  it.each(FILTERS)('%s turns any bytes into bytes within the cap, undefined past it, or a PDF-MALFORMED finding', (_, encode, decode) => {
    // Random bytes, and encodings damaged by a random byte: the data a decoder meets in a broken PDF.
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 500 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([data, at, b]) => {
        const encoded = Uint8Array.from(encode(data));
        encoded[at % encoded.length] = b;
        return encoded;
      }),
    );
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 5000 }), (data, max) => {
        try {
          const out = decode(data, max);
          return out === undefined || out.length <= max;
        } catch (err) {
          return err instanceof IntakeError && err.code === 'PDF-MALFORMED';
        }
      }),
      { numRuns: 500 },
    );
  });

  it("decodes LZWDecode's example of ISO 32000-1 §7.4.4.2", () => {
    // Codes 256 45 258 258 65 259 66 257, nine bits each.
    expect(Buffer.from(lzw(bytes(0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01), NO_CAP, 'x', 1)!).toString('hex')).toBe('2d2d2d2d2d412d2d2d42');
    // And the test encoder writes exactly those codes.
    expect(lzwOf(Buffer.from('2d2d2d2d2d412d2d2d42', 'hex')).toString('hex')).toBe('800b6050220c0c8501');
  });

  it('reads ASCIIHexDecode with white space, either case, a lone last digit and no end marker', () => {
    expect(Buffer.from(asciiHex(latin1('4a 4B\n4\t>ignored'), NO_CAP, 'x')!).toString('hex')).toBe('4a4b40');
    expect(Buffer.from(asciiHex(latin1('4a4b'), NO_CAP, 'x')!).toString('hex')).toBe('4a4b');
  });

  it('reads ASCII85Decode with z, a short last group, white space and no end marker', () => {
    expect(Buffer.from(ascii85(latin1('z 9jqo^\nF*2M7~>'), NO_CAP, 'x')!).toString('latin1')).toBe('\0\0\0\0Man sure');
    expect(Buffer.from(ascii85(latin1('9jqo^F*2M7'), NO_CAP, 'x')!).toString('latin1')).toBe('Man sure');
    expect(Buffer.from(ascii85(latin1('9jqo^BlbD-'), NO_CAP, 'x')!).toString('latin1')).toBe('Man is d');
  });

  it('reads RunLengthDecode up to its end marker, and a cut-off run as far as it goes', () => {
    expect(Buffer.from(runLength(bytes(1, 65, 66, 254, 67, 128, 99), NO_CAP)!).toString('latin1')).toBe('ABCCC');
    expect(Buffer.from(runLength(bytes(4, 65, 66), NO_CAP)!).toString('latin1')).toBe('AB');
  });

  it('refuses data that no encoder writes, naming the filter and where', () => {
    expect(failure(() => asciiHex(latin1('4a4g>'), NO_CAP, 'the attachment'))).toEqual({
      rule: 'PDF-MALFORMED',
      message: expect.stringMatching(/ASCIIHexDecode data of the attachment holds byte 103 at 3/) as string,
    });
    expect(failure(() => ascii85(latin1('9jqo^v~>'), NO_CAP, 'x')).message).toMatch(/ASCII85Decode.*byte 118 at 5/);
    expect(failure(() => ascii85(latin1('9jqo^F~>'), NO_CAP, 'x')).message).toMatch(/single digit/);
    expect(failure(() => ascii85(latin1('uuuuu'), NO_CAP, 'x')).message).toMatch(/worth more than four bytes/);
    // 256 (clear), then 300: a code no entry defines yet.
    expect(failure(() => lzw(bytes(0x80, 0x4b, 0x00), NO_CAP, 'x', 1)).message).toMatch(/LZWDecode.*code 300 before defining it/);
  });
});
