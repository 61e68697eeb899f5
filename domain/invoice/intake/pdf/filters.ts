/**
 * Stream filters (ISO 32000-1 §7.4): the general-purpose ones, FlateDecode and LZWDecode with
 * their predictors, ASCIIHexDecode, ASCII85Decode and RunLengthDecode, alone or chained. The
 * image filters (DCT, JPX, JBIG2, CCITTFax) are refused: no e-invoice's structure or XML is an
 * image. Every decoding is bounded twice: by the caller's cap for this stream and by what is left
 * of the document's total, so a few kilobytes that expand to gigabytes (chained filters included)
 * stop at the cap instead of exhausting memory.
 */
import { constants, inflateSync } from 'node:zlib';
import { reject } from '../findings.ts';
import { ascii85, asciiHex, lzw, runLength } from './decoders.ts';
import { intOf, malformed, type PdfDict } from './objects.ts';

/** What a decoding may still produce, shared by every stream of one document. */
export interface InflateBudget {
  left: number;
}

export interface FilterStage {
  name: string;
  parms?: PdfDict;
}

/** Compressed XML expands 5–30 times; far beyond that, the stream was made to expand. */
const BOMB_RATIO = 200;

/** The inflated bytes, or undefined when they would exceed `max`. */
function inflate(input: Uint8Array, max: number, what: string): Uint8Array | undefined {
  try {
    // Sync flush: a stream cut short (or lacking its checksum) yields what it holds, as viewers do.
    return inflateSync(input, { maxOutputLength: Math.max(1, max), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw malformed(`the compressed data of ${what} is corrupt (${(err as Error).message})`);
  }
}

/** PNG predictors 10–15 (row-wise filters, RFC 2083 §6) and TIFF predictor 2 for 8-bit samples. */
function unpredict(data: Uint8Array, parms: PdfDict | undefined, what: string): Uint8Array {
  const predictor = intOf(parms?.entries.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  const colors = intOf(parms?.entries.get('Colors')) ?? 1;
  const bits = intOf(parms?.entries.get('BitsPerComponent')) ?? 8;
  const columns = intOf(parms?.entries.get('Columns')) ?? 1;
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bits) || columns < 1 || columns > 1 << 24) {
    throw malformed(`${what} has impossible predictor parameters`);
  }
  const bpp = Math.ceil((colors * bits) / 8);
  const rowLength = Math.ceil((colors * bits * columns) / 8);
  if (predictor === 2) {
    if (bits !== 8) throw malformed(`${what} uses the TIFF predictor with ${bits}-bit samples, which is not supported`);
    const out = Uint8Array.from(data);
    for (let row = 0; row < out.length; row += rowLength) {
      for (let i = row + bpp; i < Math.min(row + rowLength, out.length); i++) out[i] = (out[i]! + out[i - bpp]!) & 0xff;
    }
    return out;
  }
  if (predictor < 10 || predictor > 15) throw malformed(`${what} uses unknown predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const at = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[at + i - bpp]! : 0;
      const up = r > 0 ? out[at + i - rowLength]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[at + i - rowLength - bpp]! : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw malformed(`${what} has a row with unknown PNG filter type ${type}`);
      out[at + i] = v & 0xff;
    }
  }
  return out;
}

/** A filter: the decoded bytes, or undefined when they would exceed `max`. */
type Decoder = (input: Uint8Array, max: number, what: string, parms: PdfDict | undefined) => Uint8Array | undefined;

const LZW: Decoder = (input, max, what, parms) => lzw(input, max, what, intOf(parms?.entries.get('EarlyChange')) === 0 ? 0 : 1);

/** By full name and by the abbreviation (annex H) some producers write in streams too. */
const DECODERS: Record<string, Decoder> = {
  FlateDecode: inflate,
  Fl: inflate,
  LZWDecode: LZW,
  LZW,
  ASCIIHexDecode: asciiHex,
  AHx: asciiHex,
  ASCII85Decode: ascii85,
  A85: ascii85,
  RunLengthDecode: runLength,
  RL: runLength,
};

/** The filters whose output may be predicted (§7.4.4.4). */
const PREDICTED = new Set(['FlateDecode', 'Fl', 'LZWDecode', 'LZW']);

/** Whether `prefix`, the first bytes of a stream, decodes past `max` already; a prefix cut mid-code proves nothing. */
function expandsPastCap(decoder: Decoder, prefix: Uint8Array, max: number, parms: PdfDict | undefined): boolean {
  try {
    return decoder(prefix, max, 'a prefix', parms) === undefined;
  } catch {
    return false;
  }
}

/**
 * The decoded bytes of a stream. `cap` bounds this stream's output; beyond it a high
 * compression ratio is a bomb (FACTURX-BOMB), a plain large stream is too large (`tooLarge`).
 */
export function decodeStream(
  raw: Uint8Array,
  stages: readonly FilterStage[],
  bounds: { cap: number; budget: InflateBudget; what: string; tooLarge: 'XML-TOO-LARGE' | 'PDF-MALFORMED' },
): Uint8Array {
  let data = raw;
  for (const stage of stages) {
    const decoder = Object.hasOwn(DECODERS, stage.name) ? DECODERS[stage.name] : undefined;
    if (decoder === undefined) {
      throw reject('PDF-MALFORMED', `${bounds.what} is encoded with ${stage.name}, which an e-invoice PDF does not need and this reader does not decode`);
    }
    const max = Math.min(bounds.cap, bounds.budget.left);
    const decoded = decoder(data, max, bounds.what, stage.parms);
    if (decoded === undefined) {
      if (max < bounds.cap) {
        throw reject('FACTURX-BOMB', `${bounds.what} would take the PDF's decompressed streams past their total cap (${max} bytes were left): a decompression bomb`);
      }
      // Too large, or a bomb? A bomb's first cap/ratio bytes alone already fill the cap.
      if (expandsPastCap(decoder, data.subarray(0, Math.ceil(max / BOMB_RATIO)), max, stage.parms)) {
        throw reject('FACTURX-BOMB', `${bounds.what} is a decompression bomb: its ${raw.length} stored bytes expand past ${max} bytes at a ratio over ${BOMB_RATIO}:1; the reader stopped there`);
      }
      throw reject(bounds.tooLarge, `${bounds.what} decodes to more than the ${max} bytes accepted`);
    }
    bounds.budget.left -= decoded.length;
    data = PREDICTED.has(stage.name) ? unpredict(decoded, stage.parms, bounds.what) : decoded;
  }
  return data;
}
