/**
 * The Factur-X reader against qpdf: each PDF is rewritten by qpdf in the layouts producers use
 * (object streams or none, cross-reference streams or tables, linearized, uncompressed, QDF,
 * recompressed, older and newer versions), and each rewrite is then damaged the way files are in
 * the wild (offsets made wrong, CR LF line ends, bytes before the header or after the end, no
 * startxref). Intake must find the same attachment with the same XML in every one, and that XML
 * must be what qpdf itself extracts from the original. An encrypted rewrite must be refused as
 * PDF-ENCRYPTED. The attachment is also stored again with each general-purpose filter (FILTERS).
 *
 *   node scripts/oracle/pdf-rewrites.ts [PDF files or folders…]   (default: the Factur-X samples)
 *
 * Needs qpdf (Debian: apt-get install qpdf). Exit status 1 on any disagreement.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { filesUnder } from '../../cli/files.ts';
import { deflateSync } from 'node:zlib';
import { ascii85Of, asciiHexOf, lzwOf, runLengthOf } from '../../domain/invoice/intake/encoders.ts';
import { buildPdf, type PdfFile } from '../../domain/invoice/intake/hostile.ts';
import { intake, type IntakeResult } from '../../domain/invoice/intake/index.ts';
import { SAMPLES_DIR } from '../../tests/support/paths.ts';

/** qpdf's options for each layout. */
const LAYOUTS: Record<string, string[]> = {
  'object streams': ['--object-streams=generate'],
  'no object streams': ['--object-streams=disable'],
  'streams uncompressed': ['--stream-data=uncompress'],
  'object streams uncompressed': ['--stream-data=uncompress', '--object-streams=generate', '--compress-streams=n'],
  'nothing compressed': ['--compress-streams=n', '--object-streams=disable'],
  linearized: ['--linearize'],
  'linearized, object streams': ['--linearize', '--object-streams=generate'],
  QDF: ['--qdf', '--object-streams=disable'],
  'QDF, object streams': ['--qdf', '--object-streams=generate'],
  'recompressed, level 9': ['--recompress-flate', '--compression-level=9'],
  'recompressed, level 1, object streams': ['--recompress-flate', '--compression-level=1', '--object-streams=generate'],
  'newline before endstream': ['--newline-before-endstream', '--object-streams=generate'],
  'all streams compressed': ['--stream-data=compress'],
  'all filters decoded': ['--decode-level=all', '--object-streams=generate'],
  'PDF 1.4': ['--force-version=1.4'],
  'unreferenced resources removed': ['--remove-unreferenced-resources=yes', '--object-streams=generate'],
  'content normalized': ['--normalize-content=y'],
};

/**
 * The attachment stored again with each general-purpose filter, alone and chained, by the test
 * encoders (encoders.ts): qpdf must extract the same bytes from such a PDF, which checks the
 * encoding, and intake must read the same XML, which checks the decoder.
 */
const FILTERS: Record<string, (xml: Buffer) => Omit<PdfFile, 'name'>> = {
  ASCIIHexDecode: (xml) => ({ stored: asciiHexOf(xml), filter: '/ASCIIHexDecode' }),
  ASCII85Decode: (xml) => ({ stored: ascii85Of(xml), filter: '/ASCII85Decode' }),
  'ASCII85Decode, abbreviated': (xml) => ({ stored: ascii85Of(xml), filter: '/A85' }),
  RunLengthDecode: (xml) => ({ stored: runLengthOf(xml), filter: '/RunLengthDecode' }),
  LZWDecode: (xml) => ({ stored: lzwOf(xml), filter: '/LZWDecode' }),
  'LZWDecode, EarlyChange 0': (xml) => ({ stored: lzwOf(xml, 0), filter: '/LZWDecode', parms: '<< /EarlyChange 0 >>' }),
  'ASCII85Decode over FlateDecode': (xml) => ({ stored: ascii85Of(deflateSync(xml)), filter: '[/ASCII85Decode /FlateDecode]' }),
  'ASCIIHexDecode over LZWDecode': (xml) => ({ stored: asciiHexOf(lzwOf(xml)), filter: '[/ASCIIHexDecode /LZWDecode]' }),
  'FlateDecode over RunLengthDecode': (xml) => ({ stored: deflateSync(runLengthOf(xml)), filter: '[/FlateDecode /RunLengthDecode]' }),
};

/** Damage done to a rewrite, which the reader must see through. */
const DAMAGE: Record<string, (pdf: Buffer) => Buffer> = {
  intact: (pdf) => pdf,
  'every offset wrong': (pdf) => {
    const at = pdf.indexOf('\n', 20) + 1;
    return Buffer.concat([pdf.subarray(0, at), Buffer.alloc(137, 0x20), pdf.subarray(at)]);
  },
  'one byte lost mid-file': (pdf) => {
    const at = pdf.indexOf('endobj', pdf.length >> 1) + 6;
    return Buffer.concat([pdf.subarray(0, at), pdf.subarray(at + 1)]);
  },
  'CR LF line ends': (pdf) => Buffer.from(pdf.toString('latin1').replace(/(endobj|obj)\n/g, '$1\r\n'), 'latin1'),
  'bytes before the header': (pdf) => Buffer.concat([Buffer.from('sent by a mail gateway\n'), pdf]),
  '3 KB of padding after the end': (pdf) => Buffer.concat([pdf, Buffer.alloc(3000, 0x0a)]),
  'no startxref': (pdf) => {
    const at = pdf.lastIndexOf('startxref');
    return Buffer.concat([pdf.subarray(0, at), Buffer.from('%%EOF\n')]);
  },
};

const qpdf = (args: string[]): Buffer => {
  try {
    return execFileSync('qpdf', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (err) {
    // Exit status 3: done, with warnings (qpdf repaired something).
    const e = err as { status?: number; stdout?: Buffer; stderr?: Buffer; code?: string };
    if (e.status === 3 && e.stdout) return e.stdout;
    if (e.code === 'ENOENT') {
      process.stderr.write('qpdf is not installed (Debian: apt-get install qpdf)\n');
      process.exit(2);
    }
    throw new Error(`qpdf ${args.join(' ')}: ${e.stderr?.toString().trim() ?? String(err)}`);
  }
};

/** What a reader of the PDF should agree on: the attachment read and its XML, or the refusal. */
const outcome = (r: IntakeResult): string =>
  r.ok ? `${r.attachmentName} (${r.xml.length} characters), warnings: ${r.warnings.map((w) => w.rule).join(' ') || 'none'}` : `refused: ${r.findings.map((f) => f.rule).join(' ')}`;

const inputs = filesUnder(process.argv.length > 2 ? process.argv.slice(2) : [join(SAMPLES_DIR, 'facturx')]).filter((f) => f.toLowerCase().endsWith('.pdf'));
const work = mkdtempSync(join(tmpdir(), 'pdf-rewrites-'));
const skipped: string[] = [];
let checked = 0;
let disagreements = 0;
const disagree = (what: string, got: string, wanted: string) => {
  disagreements++;
  process.stdout.write(`DISAGREE ${what}\n  got:    ${got}\n  wanted: ${wanted}\n`);
};

/** The attachment `name` (whose bytes are `bytes`, read as `xml`) stored with each filter of FILTERS. */
function checkFilters(file: string, name: string, bytes: Buffer, xml: string): void {
  for (const [filter, encode] of Object.entries(FILTERS)) {
    const pdf = buildPdf({ files: [{ name, ...encode(bytes) }] });
    const path = join(work, 'filtered.pdf');
    writeFileSync(path, pdf);
    const theirs = qpdf([`--show-attachment=${name}`, path]);
    const ours = intake(pdf);
    checked += 2;
    if (!theirs.equals(bytes)) disagree(`${file}: ${filter}, as qpdf extracts it`, `${theirs.length} bytes`, `the ${bytes.length} bytes stored`);
    if (!ours.ok || ours.xml !== xml) disagree(`${file}: ${filter}`, outcome(ours), 'the same XML');
  }
}

try {
  for (const file of inputs) {
    const original = readFileSync(file);
    const read = intake(original);
    const wanted = outcome(read);
    const xml = read.ok ? read.xml : undefined;
    if (read.ok) {
      // The oracle: the attachment of that name as qpdf extracts it, read as the XML upload it would be.
      const listed = JSON.parse(qpdf(['--json=2', '--json-key=attachments', file]).toString()) as { attachments: Record<string, { preferredname: string }> };
      const key = Object.entries(listed.attachments).find(([, a]) => a.preferredname === read.attachmentName)?.[0];
      const bytes = key === undefined ? undefined : qpdf([`--show-attachment=${key}`, file]);
      const extracted = bytes && intake(bytes);
      checked++;
      if (!extracted?.ok || extracted.xml !== read.xml) disagree(`${basename(file)}: ${read.attachmentName} as qpdf extracts it`, extracted ? outcome(extracted) : 'not among the attachments qpdf lists', 'the same XML');
      if (bytes && read.attachmentName) checkFilters(basename(file), read.attachmentName, bytes, read.xml);
    }
    for (const [layout, options] of Object.entries(LAYOUTS)) {
      const out = join(work, 'rewrite.pdf');
      try {
        qpdf([...options, file, out]);
      } catch (err) {
        // A layout qpdf cannot make of this file (linearizing a file without pages, say).
        skipped.push(`${basename(file)}: ${layout}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const rewrite = readFileSync(out);
      for (const [damage, spoil] of Object.entries(DAMAGE)) {
        const r = intake(spoil(rewrite));
        checked++;
        if (outcome(r) !== wanted || (r.ok && r.xml !== xml)) disagree(`${basename(file)}: ${layout}, ${damage}`, outcome(r), wanted);
      }
    }
    const encrypted = join(work, 'encrypted.pdf');
    qpdf(['--encrypt', '', 'owner', '256', '--', file, encrypted]);
    const r = intake(readFileSync(encrypted));
    checked++;
    if (outcome(r) !== 'refused: PDF-ENCRYPTED') disagree(`${basename(file)}: encrypted`, outcome(r), 'refused: PDF-ENCRYPTED');
    process.stderr.write(`${basename(file)}: ${wanted}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const line of skipped) process.stdout.write(`not rewritten: ${line}\n`);
process.stdout.write(`${inputs.length} PDFs, ${checked} readings: ${checked - disagreements} agree, ${disagreements} disagree\n`);
if (disagreements > 0) process.exitCode = 1;
