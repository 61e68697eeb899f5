/**
 * Random access to a PDF's objects (ISO 32000-1 §7.5): cross-reference tables and streams
 * (with /Prev chains and hybrid /XRefStm files), object streams, and a scan of the whole file
 * when the offsets lie, as many producers' do. Objects are read lazily, only those asked for,
 * each once; all decompression goes through the bounded filters.
 */
import { IntakeError, reject } from '../findings.ts';
import { decodeStream, type FilterStage, type InflateBudget } from './filters.ts';
import {
  intOf,
  isDict,
  isDigit,
  isRef,
  isRegular,
  isStream,
  isWhite,
  malformed,
  nameOf,
  PdfLexer,
  WorkMeter,
  type PdfDict,
  type PdfStream,
  type PdfValue,
} from './objects.ts';

export interface PdfLimits {
  /** Most bytes one decoded stream may have. */
  maxStreamBytes: number;
  /** Most bytes all decoded streams of the document may have together. */
  maxInflatedBytes: number;
}

type XrefEntry = { type: 0 } | { type: 1; offset: number } | { type: 2; container: number; index: number };

/** More objects than this is not an invoice PDF (real ones have hundreds). */
const MAX_OBJECTS = 2_000_000;
/** Incremental updates are a handful; hundreds of /Prev links are a loop in disguise. */
const MAX_SECTIONS = 512;
/** References that lead to references: viewers follow a few. */
const MAX_REF_CHAIN = 32;

/** What reading a stream's dictionary in the scan counts for, in bytes of work, and a damaged one's. */
const SCANNED_STREAM_COST = 16_384;
const DAMAGED_STREAM_COST = 65_536;

/**
 * Where the `n g ` before the `obj` keyword at `at` begins (object number of at most 10 digits,
 * generation of at most 5, looked for in the 24 bytes before the keyword), or -1 when there is none.
 */
function headerStart(s: Uint8Array, at: number): number {
  const floor = Math.max(0, at - 24);
  let k = at;
  for (const [run, most] of HEADER_RUNS) {
    const end = k;
    while (k > floor && run(s[k - 1])) k--;
    if (k === end || end - k > most) return -1;
  }
  return k;
}
/** An object header read backwards from its `obj`: blanks, generation, blanks, number. */
const HEADER_RUNS = [
  [isWhite, Infinity],
  [isDigit, 5],
  [isWhite, Infinity],
  [isDigit, 10],
] as const;
/** The first index below `length` where `test` holds, or `length`: `test` is false, then true, along the indexes (binary search). */
function firstIndex(length: number, test: (i: number) => boolean): number {
  let [lo, hi] = [0, length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
const bytesOf = (s: Uint8Array): Buffer => Buffer.from(s.buffer, s.byteOffset, s.byteLength);

interface ObjectStream {
  data: Uint8Array;
  first: number;
  offsets: Map<number, number>;
}

export class PdfDocument {
  readonly trailer: PdfDict;
  private readonly src: Uint8Array;
  private readonly limits: PdfLimits;
  private readonly meter: WorkMeter;
  private readonly budget: InflateBudget;
  private readonly entries = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly loading = new Set<number>();
  private readonly objectStreams = new Map<number, ObjectStream>();
  /** Objects found by scanning the file (number → offset of its last definition), built on demand. */
  private scanned: Map<number, number> | undefined;
  private scannedContainers: Map<number, number> | undefined;
  private lastEndstream: { from: number; at: number } | undefined;
  /** Where the data of each stream the scan stepped over begins and ends, in file order. */
  private readonly streamData: [number, number][] = [];

  constructor(src: Uint8Array, limits: PdfLimits) {
    this.src = src;
    this.limits = limits;
    // Reading every byte a few times is plenty for a sound file; a crafted one stops there.
    this.meter = new WorkMeter(4 * (src.length + limits.maxInflatedBytes) + 65_536);
    this.budget = { left: limits.maxInflatedBytes };
    const start = this.startXref();
    let trailer: PdfDict;
    try {
      if (start === undefined) throw malformed('no startxref gives where its cross-reference is');
      trailer = this.readXrefChain(start);
    } catch (err) {
      // Only a damaged structure is worth a second look; a bomb stays a bomb.
      if (!(err instanceof IntakeError) || err.code !== 'PDF-MALFORMED') throw err;
      this.entries.clear();
      trailer = this.repairedTrailer(err);
    }
    if (trailer.entries.has('Encrypt')) {
      throw reject('PDF-ENCRYPTED', 'the PDF is encrypted: PDF/A-3, and so Factur-X, forbids encryption, and its attachment cannot be read');
    }
    this.trailer = trailer;
  }

  /** The value, with references followed. A reference to a missing object is null (§7.3.10). */
  resolve(v: PdfValue | undefined): PdfValue {
    let value = v ?? null;
    for (let hops = 0; isRef(value); hops++) {
      if (hops >= MAX_REF_CHAIN) throw malformed('a chain of references that never ends');
      value = this.object(value.num);
    }
    return value;
  }

  get(dict: PdfDict, key: string): PdfValue {
    return this.resolve(dict.entries.get(key));
  }

  /** A stream's decoded bytes, bounded by `cap` and by the document's total. */
  decode(stream: PdfStream, what: string, cap: number, tooLarge: 'XML-TOO-LARGE' | 'PDF-MALFORMED'): Uint8Array {
    if (stream.dict.entries.has('F')) throw malformed(`${what} keeps its data in an external file`);
    const filter = this.get(stream.dict, 'Filter');
    const parms = this.get(stream.dict, 'DecodeParms');
    const names = Array.isArray(filter) ? filter.map((f) => this.resolve(f)) : filter === null ? [] : [filter];
    const stages: FilterStage[] = names.map((f, i) => {
      const name = nameOf(f);
      if (name === undefined) throw malformed(`${what} has a /Filter that is not a name`);
      const p = Array.isArray(parms) ? this.resolve(parms[i]) : parms;
      return isDict(p) ? { name, parms: p } : { name };
    });
    return decodeStream(stream.raw, stages, { cap, budget: this.budget, what, tooLarge });
  }

  private object(num: number): PdfValue {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    if (this.loading.has(num)) throw malformed(`object ${num} is defined in terms of itself`);
    this.loading.add(num);
    try {
      const value = this.load(num);
      this.cache.set(num, value);
      return value;
    } finally {
      this.loading.delete(num);
    }
  }

  private load(num: number): PdfValue {
    const entry = this.entries.get(num);
    if (entry?.type === 0) return null;
    if (entry?.type === 2) return this.fromObjectStream(entry.container, entry.index, num);
    if (entry?.type === 1) {
      const found = this.readIndirectOrNothing(entry.offset);
      if (found?.num === num) return found.value;
    }
    // Absent from the cross-reference, or not where it says: look where the object really is.
    const offset = this.scan().get(num);
    if (offset !== undefined) return this.readIndirectOrNothing(offset)?.value ?? null;
    const container = this.scannedObjectStreams().get(num);
    return container === undefined ? null : this.fromObjectStream(container, -1, num);
  }

  /** Objects held in the object streams the scan found (number → container), built on demand. */
  private scannedObjectStreams(): Map<number, number> {
    if (this.scannedContainers) return this.scannedContainers;
    this.scannedContainers = new Map();
    for (const [num, offset] of this.scan()) {
      const value = this.readIndirectOrNothing(offset)?.value;
      if (!isStream(value) || nameOf(value.dict.entries.get('Type')) !== 'ObjStm') continue;
      this.cache.set(num, value);
      for (const held of this.objectStream(num).offsets.keys()) if (!this.scannedContainers.has(held)) this.scannedContainers.set(held, num);
    }
    return this.scannedContainers;
  }

  /** As readIndirect, with damage at the offset counting as nothing there. */
  private readIndirectOrNothing(offset: number): { num: number; value: PdfValue } | undefined {
    try {
      return this.readIndirect(offset);
    } catch (err) {
      if (this.isDamage(err)) return undefined;
      throw err;
    }
  }

  /** Damage that makes one object unreadable, as opposed to a file that has cost all the work it may. */
  private isDamage(err: unknown): boolean {
    return err instanceof IntakeError && err.code === 'PDF-MALFORMED' && !this.meter.exhausted;
  }

  /** The object `n g obj … endobj` at `offset`, or undefined when there is none there. */
  private readIndirect(offset: number): { num: number; value: PdfValue } | undefined {
    if (offset >= this.src.length) return undefined;
    const lex = new PdfLexer(this.src, offset, this.meter);
    const num = lex.integer();
    if (num === undefined || lex.integer() === undefined || !lex.keyword('obj')) return undefined;
    const value = lex.value();
    if (!isDict(value) || !lex.keyword('stream')) return { num, value };
    return { num, value: this.streamAt(lex.pos, value, num, this.streamLength(value)) };
  }

  /** A stream's /Length, references followed; none when it cannot be read. */
  private streamLength(dict: PdfDict): number[] {
    try {
      const length = intOf(this.resolve(dict.entries.get('Length')));
      return length === undefined ? [] : [length];
    } catch {
      return []; // a broken /Length is common; the end marker still tells
    }
  }

  /** The raw bytes of the stream whose `stream` keyword ends at `from`: by the first of `lengths` that ends at `endstream`, else up to `endstream`. */
  private streamAt(from: number, dict: PdfDict, num: number, lengths: readonly number[]): PdfStream {
    const s = this.src;
    let start = from;
    if (s[start] === 0x0d) start++;
    if (s[start] === 0x0a) start++;
    for (const length of lengths) {
      if (start + length > s.length) continue;
      const after = new PdfLexer(s, start + length, this.meter);
      const ends = after.keyword('endstream');
      this.meter.charge(after.pos - start - length + 1);
      if (ends) return { kind: 'stream', dict, raw: s.subarray(start, start + length) };
    }
    const end = this.endstreamFrom(start);
    if (end < 0) throw malformed(`stream ${num} has no end (the file is truncated)`);
    let stop = end;
    if (s[stop - 1] === 0x0a) stop--;
    if (s[stop - 1] === 0x0d) stop--;
    return { kind: 'stream', dict, raw: s.subarray(start, Math.max(start, stop)) };
  }

  /**
   * The first `endstream` at or after `start`, or -1. The last search is remembered: it answers
   * for any start between where it began and what it found, as the scan's starts, in file order, are.
   */
  private endstreamFrom(start: number): number {
    const last = this.lastEndstream;
    if (last && start >= last.from && (last.at < 0 || start <= last.at)) return last.at;
    const at = bytesOf(this.src).indexOf('endstream', start, 'latin1');
    this.meter.charge((at < 0 ? this.src.length : at) - start);
    this.lastEndstream = { from: start, at };
    return at;
  }

  private fromObjectStream(container: number, index: number, num: number): PdfValue {
    const os = this.objectStream(container);
    const offset = os.offsets.get(num) ?? [...os.offsets.values()][index];
    if (offset === undefined) return null;
    return new PdfLexer(os.data, os.first + offset, this.meter).value();
  }

  private objectStream(container: number): ObjectStream {
    const known = this.objectStreams.get(container);
    if (known) return known;
    const entry = this.entries.get(container);
    if (entry?.type === 2) throw malformed(`object stream ${container} is itself inside an object stream`);
    const stream = this.object(container);
    if (!isStream(stream)) throw malformed(`object ${container} should be an object stream`);
    const data = this.decode(stream, `object stream ${container}`, this.limits.maxStreamBytes, 'PDF-MALFORMED');
    const n = intOf(stream.dict.entries.get('N')) ?? 0;
    const first = intOf(stream.dict.entries.get('First')) ?? 0;
    const header = new PdfLexer(data.subarray(0, first), 0, this.meter);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const objNum = header.integer();
      const objOffset = header.integer();
      if (objNum === undefined || objOffset === undefined) break;
      if (!offsets.has(objNum)) offsets.set(objNum, objOffset);
    }
    const os = { data, first, offsets };
    this.objectStreams.set(container, os);
    return os;
  }

  /**
   * Where the last cross-reference section is, or undefined when the file ends as a PDF does but
   * without a usable startxref (then the file is scanned). A file that ends with neither is cut off.
   */
  private startXref(): number | undefined {
    const tailFrom = Math.max(0, this.src.length - 2048);
    const buf = bytesOf(this.src);
    const at = buf.lastIndexOf('startxref', this.src.length, 'latin1');
    // Bytes after the end that hold no object are padding (a mail gateway's, say), not a cut-off update.
    const padded = at >= 0 && buf.indexOf('obj', at, 'latin1') < 0;
    if (at < tailFrom && !padded) {
      if (buf.indexOf('%%EOF', tailFrom, 'latin1') >= 0) return undefined;
      throw reject('PDF-MALFORMED', 'the PDF is truncated: it lacks the startxref that ends every complete PDF file');
    }
    return new PdfLexer(this.src, at + 9, this.meter).integer();
  }

  /** Reads the cross-reference sections from the newest back; the newest entry for an object wins. */
  private readXrefChain(start: number): PdfDict {
    let trailer: PdfDict | undefined;
    const seen = new Set<number>();
    for (let offset: number | undefined = start; offset !== undefined; ) {
      if (seen.has(offset) || seen.size >= MAX_SECTIONS) throw malformed('its cross-reference sections refer to each other in a loop');
      seen.add(offset);
      const dict = this.readXrefSection(offset);
      trailer ??= dict;
      offset = intOf(dict.entries.get('Prev'));
    }
    if (!trailer || !isRef(trailer.entries.get('Root'))) throw malformed('its trailer names no document catalog');
    return trailer;
  }

  private add(num: number, entry: XrefEntry): void {
    if (this.entries.has(num)) return;
    if (this.entries.size >= MAX_OBJECTS) throw malformed(`more than ${MAX_OBJECTS} objects`);
    this.entries.set(num, entry);
  }

  private readXrefSection(offset: number): PdfDict {
    const lex = new PdfLexer(this.src, offset, this.meter);
    if (!lex.keyword('xref')) return this.readXrefStream(offset);
    const table: [number, XrefEntry][] = [];
    while (!lex.keyword('trailer')) {
      let first = lex.integer();
      const count = lex.integer();
      if (first === undefined || count === undefined) throw malformed(`the cross-reference table at byte ${offset} is damaged`);
      for (let i = 0; i < count; i++) {
        const entryOffset = lex.integer();
        const gen = lex.integer();
        const inUse = lex.keyword('n');
        if (entryOffset === undefined || gen === undefined || (!inUse && !lex.keyword('f'))) {
          throw malformed(`the cross-reference table at byte ${offset} has a damaged entry`);
        }
        // A common producer bug numbers the first section from 1 while listing object 0's free entry.
        if (i === 0 && first === 1 && !inUse && gen === 65535) first = 0;
        table.push([first + i, inUse ? { type: 1, offset: entryOffset } : { type: 0 }]);
        if (table.length > MAX_OBJECTS) throw malformed(`more than ${MAX_OBJECTS} objects`);
      }
    }
    const trailer = lex.value();
    if (!isDict(trailer)) throw malformed('its trailer is not a dictionary');
    // Hybrid files: the stream holds what readers of PDF 1.5 should see beyond the table.
    const hybrid = intOf(trailer.entries.get('XRefStm'));
    if (hybrid !== undefined) this.readXrefStream(hybrid);
    for (const [num, entry] of table) this.add(num, entry);
    return trailer;
  }

  private readXrefStream(offset: number): PdfDict {
    const found = this.readIndirect(offset);
    const stream = found?.value;
    if (!isStream(stream) || nameOf(stream.dict.entries.get('Type')) !== 'XRef') {
      throw malformed(`no cross-reference at byte ${offset}, where startxref or /Prev points`);
    }
    const dict = stream.dict;
    const w = dict.entries.get('W');
    const widths = Array.isArray(w) ? w.map((x) => intOf(x) ?? -1) : [];
    const [w0, w1, w2] = widths;
    if (widths.length !== 3 || w0 === undefined || w1 === undefined || w2 === undefined || widths.some((x) => x < 0 || x > 8)) {
      throw malformed(`the cross-reference stream at byte ${offset} has a bad /W`);
    }
    const data = this.decode(stream, `the cross-reference stream at byte ${offset}`, this.limits.maxStreamBytes, 'PDF-MALFORMED');
    const size = intOf(dict.entries.get('Size')) ?? 0;
    const index = dict.entries.get('Index');
    const ranges = Array.isArray(index) ? index.map((x) => intOf(x) ?? 0) : [0, size];
    const rowLength = w0 + w1 + w2;
    const field = (at: number, width: number): number => {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + (data[at + k] ?? 0);
      return v;
    };
    let row = 0;
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r]!;
      const count = ranges[r + 1]!;
      for (let i = 0; i < count && (row + 1) * rowLength <= data.length; i++, row++) {
        const at = row * rowLength;
        const type = w0 === 0 ? 1 : field(at, w0);
        const a = field(at + w0, w1);
        const b = field(at + w0 + w1, w2);
        if (type === 0) this.add(first + i, { type: 0 });
        else if (type === 1) this.add(first + i, { type: 1, offset: a });
        else if (type === 2) this.add(first + i, { type: 2, container: a, index: b });
      }
    }
    return dict;
  }

  /**
   * Every `n g obj` of the file, the last definition of a number winning (incremental updates).
   * Stream data is stepped over: an attachment kept uncompressed (a PDF, say) has objects and a
   * trailer of its own, which are not this file's.
   */
  private scan(): Map<number, number> {
    if (this.scanned) return this.scanned;
    const { nums, offsets } = this.objectHeaders();
    let definitions: Map<number, number[]> | undefined;
    /** Offsets where `num` is defined, in file order: only a /Length by reference needs them. */
    const definitionsOf = (num: number): readonly number[] => {
      if (!definitions) {
        definitions = new Map();
        nums.forEach((n, i) => (definitions!.get(n) ?? definitions!.set(n, []).get(n)!).push(offsets[i]!));
      }
      return definitions.get(num) ?? [];
    };
    const found = new Map<number, number>();
    const buf = bytesOf(this.src);
    let keyword = buf.indexOf('stream', 0, 'latin1');
    let dataEnd = 0;
    for (let i = 0; i < nums.length; i++) {
      const at = offsets[i]!;
      if (at < dataEnd) continue;
      found.set(nums[i]!, at);
      const limit = offsets[i + 1] ?? this.src.length;
      // Only an object with the word before the next header can be a stream: the others are not read.
      while (keyword >= 0 && keyword < at) keyword = buf.indexOf('stream', keyword + 6, 'latin1');
      if (keyword < 0 || keyword >= limit) continue;
      const data = this.scannedStreamData(at, limit, definitionsOf);
      if (!data) continue;
      this.streamData.push(data);
      dataEnd = data[1];
    }
    this.scanned = found;
    return found;
  }

  /**
   * Where the data begins and ends if the object at `at` is a stream. Its dictionary is read no
   * further than the next object header, `limit`, so that the scan reads each byte once, however
   * damaged the file.
   */
  private scannedStreamData(at: number, limit: number, definitionsOf: (num: number) => readonly number[]): [number, number] | undefined {
    // Each costs microseconds, damaged ones more (an exception): a file made of them runs out of work soon.
    this.meter.charge(SCANNED_STREAM_COST);
    const lex = new PdfLexer(this.src.subarray(0, limit), at, this.meter);
    try {
      const num = lex.integer();
      if (num === undefined || lex.integer() === undefined || !lex.keyword('obj')) return undefined;
      const dict = lex.value();
      if (!isDict(dict) || !lex.keyword('stream')) return undefined;
      const { raw } = this.streamAt(lex.pos, dict, num, this.scannedLengths(dict, lex.pos, definitionsOf));
      const start = raw.byteOffset - this.src.byteOffset;
      return [start, start + raw.byteLength];
    } catch (err) {
      if (!this.isDamage(err)) throw err;
      this.meter.charge(DAMAGED_STREAM_COST);
      return undefined;
    }
  }

  /** Every `n g obj` header in the file, in file order: its number and its offset. */
  private objectHeaders(): { nums: number[]; offsets: number[] } {
    const nums: number[] = [];
    const offsets: number[] = [];
    const buf = bytesOf(this.src);
    // As many headers as a cross-reference may list objects: past that, the rest of the file is not looked at.
    for (let at = buf.indexOf('obj', 0, 'latin1'); at >= 0 && nums.length < MAX_OBJECTS; at = buf.indexOf('obj', at + 3, 'latin1')) {
      const start = headerStart(buf, at);
      if (start < 0 || isRegular(buf[at + 3])) continue;
      let num = 0;
      for (let k = start; isDigit(buf[k]); k++) num = num * 10 + buf[k]! - 0x30;
      nums.push(num);
      offsets.push(start);
    }
    this.meter.charge(buf.length);
    return { nums, offsets };
  }

  /**
   * A stream's /Length while scanning, when the cross-reference cannot be trusted: as written, or
   * the value its object number is defined with. Of several definitions, the first after the
   * stream (where writers put it), the last before it, and the file's last (an update's) are tried.
   */
  private scannedLengths(dict: PdfDict, start: number, definitionsOf: (num: number) => readonly number[]): number[] {
    const length = dict.entries.get('Length');
    if (!isRef(length)) return intOf(length) === undefined ? [] : [intOf(length)!];
    const offsets = definitionsOf(length.num);
    const after = firstIndex(offsets.length, (i) => offsets[i]! > start);
    const candidates = new Set([offsets[after], offsets[after - 1], offsets.at(-1)].filter((o) => o !== undefined));
    return [...candidates].flatMap((at) => {
      const lex = new PdfLexer(this.src, at, this.meter);
      lex.integer();
      lex.integer();
      const value = lex.keyword('obj') ? lex.integer() : undefined;
      this.meter.charge(lex.pos - at);
      return value === undefined ? [] : [value];
    });
  }

  /** Whether `at` falls in the data of a stream the scan stepped over (they are in file order, apart). */
  private inStreamData(at: number): boolean {
    const data = this.streamData;
    const i = firstIndex(data.length, (k) => data[k]![1] > at);
    return i < data.length && data[i]![0] <= at;
  }

  /** When the cross-reference cannot be read: the last trailer, or a catalog found by scanning. */
  private repairedTrailer(cause: IntakeError): PdfDict {
    const buf = bytesOf(this.src);
    this.scan();
    let at = buf.lastIndexOf('trailer', buf.length, 'latin1');
    while (at > 0 && this.inStreamData(at)) at = buf.lastIndexOf('trailer', at - 1, 'latin1');
    if (at >= 0) {
      try {
        const dict = new PdfLexer(this.src, at + 7, this.meter).value();
        if (isDict(dict) && isRef(dict.entries.get('Root'))) return dict;
      } catch {
        // fall through to the catalog search
      }
    }
    for (const [num, offset] of [...this.scan()].sort((x, y) => y[1] - x[1])) {
      const value = this.readIndirectOrNothing(offset)?.value;
      const dict = isStream(value) ? value.dict : isDict(value) ? value : undefined;
      if (!dict) continue;
      if (nameOf(dict.entries.get('Type')) === 'XRef' && isRef(dict.entries.get('Root'))) return dict;
      if (nameOf(dict.entries.get('Type')) === 'Catalog') return { kind: 'dict', entries: new Map([['Root', { kind: 'ref', num, gen: 0 }]]) };
    }
    throw cause;
  }
}
