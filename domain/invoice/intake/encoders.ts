/**
 * The stream encodings of ISO 32000-1 §7.4 that hand-built PDFs use (tests, the qpdf oracle,
 * benchmarks): the inverse of pdf/decoders.ts, written independently of it, and checked against
 * qpdf by scripts/oracle/pdf-rewrites.ts. Pure functions.
 */

/** ASCIIHexDecode's encoding, with a line break every 64 digits. */
export const asciiHexOf = (data: Uint8Array): Buffer => Buffer.from(`${Buffer.from(data).toString('hex').replace(/.{64}/g, '$&\n')}>`, 'latin1');

/** ASCII85Decode's encoding: `z` for four zeros, a short last group, lines of 75 characters, `~>` at the end. */
export function ascii85Of(data: Uint8Array): Buffer {
  let text = '';
  for (let i = 0; i < data.length; i += 4) {
    const n = Math.min(4, data.length - i);
    let value = 0;
    for (let k = 0; k < 4; k++) value = value * 256 + (k < n ? data[i + k]! : 0);
    if (n === 4 && value === 0) {
      text += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0; k < 5; k++, value = Math.floor(value / 85)) digits.unshift(String.fromCharCode(33 + (value % 85)));
    text += digits.slice(0, n + 1).join('');
  }
  return Buffer.from(`${text.replace(/.{75}/g, '$&\n')}~>`, 'latin1');
}

/** RunLengthDecode's encoding: runs of two or more equal bytes repeated, the rest copied, 128 bytes at most each. */
export function runLengthOf(data: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (run < 128 && i + run < data.length && data[i + run] === data[i]) run++;
    if (run >= 2) {
      out.push(257 - run, data[i]!);
      i += run;
      continue;
    }
    let literal = 1;
    while (literal < 128 && i + literal < data.length && data[i + literal] !== data[i + literal + 1]) literal++;
    out.push(literal - 1, ...data.subarray(i, i + literal));
    i += literal;
  }
  out.push(128);
  return Buffer.from(out);
}

/**
 * LZWDecode's encoding (§7.4.4.2), with a clear code first and whenever the table fills. The
 * code length follows the decoder's table, which lags the encoder's by one entry; EarlyChange 1
 * (the default) grows it one code early.
 */
export function lzwOf(data: Uint8Array, earlyChange: 0 | 1 = 1): Buffer {
  const out: number[] = [];
  let [bits, held] = [0, 0];
  const write = (code: number, width: number) => {
    bits = (bits << width) | code;
    held += width;
    while (held >= 8) {
      out.push((bits >>> (held - 8)) & 0xff);
      held -= 8;
      bits &= (1 << held) - 1;
    }
  };
  let table = new Map<number, number>();
  let next = 258;
  // The decoder's state: its next entry, its code length, and whether a code since the last clear was read.
  let [decoderNext, width, started] = [258, 9, false];
  const emit = (code: number) => {
    write(code, width);
    if (code === 256) {
      [decoderNext, width, started] = [258, 9, false];
      return;
    }
    if (started) decoderNext++;
    started = true;
    if (decoderNext + earlyChange >= 1 << width && width < 12) width++;
  };
  emit(256);
  let prefix = -1;
  for (const b of data) {
    if (prefix < 0) {
      prefix = b;
      continue;
    }
    const known = table.get(prefix * 256 + b);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    emit(prefix);
    table.set(prefix * 256 + b, next++);
    prefix = b;
    if (next === 4094) {
      emit(256);
      table = new Map();
      next = 258;
    }
  }
  if (prefix >= 0) emit(prefix);
  emit(257);
  if (held > 0) out.push((bits << (8 - held)) & 0xff);
  return Buffer.from(out);
}
