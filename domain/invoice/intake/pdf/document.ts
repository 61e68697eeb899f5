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
  isRef,
  isStream,
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

/** `n g ` just before an `obj` keyword. */
const OBJ_HEADER = /(?<!\d)(\d{1,10})[ \t\r\n\f\0]+\d{1,5}[ \t\r\n\f\0]+$/;

const latin1 = (s: Uint8Array, from: number, to: number): string => Buffer.from(s.buffer, s.byteOffset + from, Math.max(0, to - from)).toString('latin1');
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

  constructor(src: Uint8Array, limits: PdfLimits) {
    this.src = src;
    this.limits = limits;
    // Reading every byte a few times is plenty for a sound file; a crafted one stops there.
    this.meter = new WorkMeter(4 * (src.length + limits.maxInflatedBytes) + 65_536);
    this.budget = { left: limits.maxInflatedBytes };
    const start = this.startXref();
    let trailer: PdfDict;
    try {
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
      if (err instanceof IntakeError && err.code === 'PDF-MALFORMED') return undefined;
      throw err;
    }
  }

  /** The object `n g obj … endobj` at `offset`, or undefined when there is none there. */
  private readIndirect(offset: number): { num: number; value: PdfValue } | undefined {
    if (offset >= this.src.length) return undefined;
    const lex = new PdfLexer(this.src, offset, this.meter);
    const num = lex.integer();
    if (num === undefined || lex.integer() === undefined || !lex.keyword('obj')) return undefined;
    const value = lex.value();
    if (!isDict(value) || !lex.keyword('stream')) return { num, value };
    return { num, value: this.streamAt(lex, value, num) };
  }

  /** The stream's raw bytes, by /Length when it is right, else up to `endstream`. */
  private streamAt(lex: PdfLexer, dict: PdfDict, num: number): PdfStream {
    const s = this.src;
    let start = lex.pos;
    if (s[start] === 0x0d) start++;
    if (s[start] === 0x0a) start++;
    let length: number | undefined;
    try {
      length = intOf(this.resolve(dict.entries.get('Length')));
    } catch {
      length = undefined; // a broken /Length is common; the end marker still tells
    }
    if (length !== undefined && start + length <= s.length) {
      const after = new PdfLexer(s, start + length, this.meter);
      if (after.keyword('endstream')) return { kind: 'stream', dict, raw: s.subarray(start, start + length) };
    }
    const end = bytesOf(s).indexOf('endstream', start, 'latin1');
    this.meter.charge((end < 0 ? s.length : end) - start);
    if (end < 0) throw malformed(`stream ${num} has no end (the file is truncated)`);
    let stop = end;
    if (s[stop - 1] === 0x0a) stop--;
    if (s[stop - 1] === 0x0d) stop--;
    return { kind: 'stream', dict, raw: s.subarray(start, Math.max(start, stop)) };
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

  private startXref(): number {
    const tailFrom = Math.max(0, this.src.length - 2048);
    const at = bytesOf(this.src).lastIndexOf('startxref', this.src.length, 'latin1');
    if (at < tailFrom) throw reject('PDF-MALFORMED', 'the PDF is truncated: it lacks the startxref that ends every complete PDF file');
    const offset = new PdfLexer(this.src, at + 9, this.meter).integer();
    if (offset === undefined) throw malformed('startxref is not followed by an offset');
    return offset;
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

  /** Every `n g obj` of the file, the last definition of a number winning (incremental updates). */
  private scan(): Map<number, number> {
    if (this.scanned) return this.scanned;
    const found = new Map<number, number>();
    const buf = bytesOf(this.src);
    for (let at = buf.indexOf('obj', 0, 'latin1'); at >= 0; at = buf.indexOf('obj', at + 3, 'latin1')) {
      const from = Math.max(0, at - 24);
      const header = OBJ_HEADER.exec(latin1(buf, from, at));
      const next = buf[at + 3];
      if (header?.[1] !== undefined && (next === undefined || !/[A-Za-z0-9]/.test(String.fromCharCode(next)))) {
        found.set(Number(header[1]), from + header.index);
      }
    }
    this.meter.charge(buf.length);
    this.scanned = found;
    return found;
  }

  /** When the cross-reference cannot be read: the last trailer, or a catalog found by scanning. */
  private repairedTrailer(cause: IntakeError): PdfDict {
    const buf = bytesOf(this.src);
    const at = buf.lastIndexOf('trailer', buf.length, 'latin1');
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
