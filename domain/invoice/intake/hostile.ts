/**
 * Inputs made to hurt an intake, and hand-built PDFs, generated rather than committed: the
 * intake's tests use them, and so can anyone probing a running service. Pure functions.
 */
import { constants, deflateRawSync, deflateSync } from 'node:zlib';

const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

/** `depth` nested elements inside a UBL root. */
export const deepXml = (depth: number): string => `<Invoice xmlns="${UBL_NS}">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Invoice>`;

/** Ten levels of ten entity references: 10^9 "lol"s once expanded. */
export function billionLaughs(): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n${entities.join('\n')}\n]>\n<Invoice xmlns="${UBL_NS}">&lol9;</Invoice>`;
}

/** One large entity referenced many times: quadratic blow-up without nesting. */
export const quadraticBlowup = (size = 50_000, refs = 50_000): string =>
  `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "${'a'.repeat(size)}">]><Invoice xmlns="${UBL_NS}">${'&a;'.repeat(refs)}</Invoice>`;

/** An external entity (XXE) pointing at `uri`. */
export const externalEntity = (uri: string): string =>
  `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "${uri}">]><Invoice xmlns="${UBL_NS}"><cbc:Note xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">&xxe;</cbc:Note></Invoice>`;

/** A zlib stream that inflates to `mib` MiB of zeros, built without compressing them: one sync-flushed block, repeated. */
export function zlibOfZeros(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_SYNC_FLUSH });
  const adler = ((((mib * (1 << 20)) % 65521) << 16) | 1) >>> 0; // Adler-32 of zeros: a = 1, b = length mod 65521
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00]), trailer]);
}

/** A few kilobytes that inflate, through two FlateDecode stages, to `gib` GiB. */
export const doubleFlateBomb = (gib: number): Buffer => deflateSync(zlibOfZeros(gib * 1024), { level: 9 });

export interface PdfFile {
  name: string;
  /** The stream's bytes as stored, already encoded by `filter`. */
  stored: Uint8Array;
  /** The /Filter value, e.g. `/FlateDecode` or `[/FlateDecode /FlateDecode]`; none when omitted. */
  filter?: string;
  /** The /DecodeParms value, e.g. `<< /EarlyChange 0 >>`. */
  parms?: string;
}

export interface PdfShape {
  files: PdfFile[];
  /** Where the catalog lists the files: the EmbeddedFiles name tree, the /AF array, or both (Factur-X does both). */
  listed?: 'names' | 'af' | 'both';
  /** Classic cross-reference table, or a compressed xref stream with the dictionaries in an object stream (PDF 1.5). */
  xref?: 'table' | 'stream';
  /** Extra trailer entries, e.g. `/Encrypt 99 0 R`. */
  trailer?: string;
  /**
   * The Factur-X XMP metadata: conformance level (default EN 16931, the sample CII's), file
   * name (default factur-x.xml when a file has that name, else the first file's) and PDF/A
   * identification (default PDF/A-3B; false for none); false for no metadata.
   */
  xmp?: { level?: string; file?: string; pdfa?: PdfaId | false } | false;
}

/** `pdfaid:part` and `pdfaid:conformance`, as written. */
export interface PdfaId {
  part: string;
  conformance?: string;
}

/** XMP metadata declaring a Factur-X invoice in a PDF/A (by default a PDF/A-3B), as Factur-X 1.0 writes it. */
export const facturxXmp = (level: string, file: string, pdfa: PdfaId | false = { part: '3', conformance: 'B' }): string =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  (pdfa
    ? `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>${pdfa.part}</pdfaid:part>` +
      `${pdfa.conformance === undefined ? '' : `<pdfaid:conformance>${pdfa.conformance}</pdfaid:conformance>`}</rdf:Description>`
    : '') +
  `<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType>` +
  `<fx:DocumentFileName>${file}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>${level}</fx:ConformanceLevel></rdf:Description>` +
  `</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A file's data stored with FlateDecode, as producers do. */
export const flateFile = (name: string, data: string | Uint8Array): PdfFile => ({ name, stored: deflateSync(data), filter: '/FlateDecode' });

/** A text string as UTF-16BE with its byte order mark, the way /UF is usually written. */
const utf16Hex = (s: string): string => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
const literal = (s: string): string => `(${s.replace(/[\\()]/g, '\\$&')})`;

/** An object of a hand-built PDF: a dictionary (or any value), or a stream with its dictionary entries. */
export type PdfObject = string | { dict: string; data: Uint8Array };

/** Bytes of a PDF being written, with the offset of each object. */
class PdfWriter {
  readonly parts: Buffer[] = [];
  readonly offsets = new Map<number, number>();
  length = 0;

  push(b: string | Uint8Array): void {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b);
    this.parts.push(buf);
    this.length += buf.length;
  }

  object(num: number, o: PdfObject): void {
    this.offsets.set(num, this.length);
    if (typeof o === 'string') return this.push(`${num} 0 obj\n${o}\nendobj\n`);
    this.push(`${num} 0 obj\n<< ${o.dict} /Length ${o.data.length} >>\nstream\n`);
    this.push(o.data);
    this.push('\nendstream\nendobj\n');
  }
}

const HEADER = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';

/** Objects 1…n (1 is the catalog) with a classic cross-reference table; `trailer` adds trailer entries. */
export function rawPdf(objects: PdfObject[], trailer = ''): Buffer {
  const w = new PdfWriter();
  w.push(HEADER);
  objects.forEach((o, i) => w.object(i + 1, o));
  const at = w.length;
  w.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (let n = 1; n <= objects.length; n++) w.push(`${String(w.offsets.get(n)).padStart(10, '0')} 00000 n \n`);
  w.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailer ? ` ${trailer}` : ''} >>\nstartxref\n${at}\n%%EOF\n`);
  return Buffer.concat(w.parts);
}

/** A minimal, well-formed PDF carrying `files` as associated files. */
export function buildPdf(shape: PdfShape): Buffer {
  const { files, listed = 'both', xref = 'table', trailer = '', xmp = {} } = shape;
  // Objects: 1 catalog, 2 pages, 3 name tree, then per file its file specification and its stream, then the metadata.
  const specRefs = files.map((_, i) => `${4 + 2 * i} 0 R`);
  const names = listed === 'af' ? '' : ' /Names << /EmbeddedFiles 3 0 R >>';
  const af = listed === 'names' ? '' : ` /AF [${specRefs.join(' ')}]`;
  const metadata = xmp === false ? '' : ` /Metadata ${4 + 2 * files.length} 0 R`;
  const objects: PdfObject[] = [
    `<< /Type /Catalog /Pages 2 0 R${names}${af}${metadata} >>`,
    '<< /Type /Pages /Kids [] /Count 0 >>',
    `<< /Names [${files.map((f, i) => `${literal(f.name)} ${specRefs[i]}`).join(' ')}] >>`,
  ];
  files.forEach((f, i) => {
    const stream = 5 + 2 * i;
    objects.push(`<< /Type /Filespec /F ${literal(f.name)} /UF ${utf16Hex(f.name)} /AFRelationship /Alternative /EF << /F ${stream} 0 R /UF ${stream} 0 R >> >>`);
    objects.push({ dict: `/Type /EmbeddedFile /Subtype /text#2Fxml${f.filter ? ` /Filter ${f.filter}` : ''}${f.parms ? ` /DecodeParms ${f.parms}` : ''}`, data: f.stored });
  });
  if (xmp !== false) {
    const file = xmp.file ?? (files.some((f) => f.name === 'factur-x.xml') ? 'factur-x.xml' : (files[0]?.name ?? 'factur-x.xml'));
    objects.push({ dict: '/Type /Metadata /Subtype /XML', data: Buffer.from(facturxXmp(xmp.level ?? 'EN 16931', file, xmp.pdfa)) });
  }
  return xref === 'table' ? rawPdf(objects, trailer) : pdf15(objects, trailer);
}

/** PDF 1.5 layout: dictionaries in one object stream, the cross-reference as a PNG-predicted stream. */
function pdf15(objects: PdfObject[], trailer: string): Buffer {
  const w = new PdfWriter();
  w.push(HEADER);
  const objStm = objects.length + 1;
  const xrefNum = objects.length + 2;
  const packed: number[] = [];
  let body = '';
  const header: string[] = [];
  objects.forEach((o, i) => {
    if (typeof o === 'string') {
      header.push(`${i + 1} ${body.length}`);
      body += `${o}\n`;
      packed.push(i + 1);
    } else w.object(i + 1, o);
  });
  const headerText = `${header.join(' ')}\n`;
  w.object(objStm, { dict: `/Type /ObjStm /N ${packed.length} /First ${headerText.length} /Filter /FlateDecode`, data: deflateSync(headerText + body) });
  const at = w.length;
  const rows: [number, number, number][] = [[0, 0, 0xffff]];
  for (let n = 1; n <= xrefNum; n++) {
    const index = packed.indexOf(n);
    rows.push(index >= 0 ? [2, objStm, index] : [1, n === xrefNum ? at : (w.offsets.get(n) ?? 0), 0]);
  }
  // Rows of 1 + 4 + 2 bytes, each preceded by PNG filter type 2 ("Up"), as producers write them.
  const raw: number[] = [];
  let previous = [0, 0, 0, 0, 0, 0, 0];
  for (const [type, a, b] of rows) {
    const row = [type, (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
    raw.push(2, ...row.map((v, i) => (v - previous[i]! + 256) & 255));
    previous = row;
  }
  w.object(xrefNum, {
    dict: `/Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Root 1 0 R${trailer ? ` ${trailer}` : ''} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>`,
    data: deflateSync(Buffer.from(raw)),
  });
  w.push(`startxref\n${at}\n%%EOF\n`);
  return Buffer.concat(w.parts);
}
