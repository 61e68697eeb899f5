/**
 * What crafted PDFs cost intake: files built to make the repair scan (offsets that lie, no
 * usable cross-reference) do as much work as it can, and attachments encoded to make the stream
 * decoders do as much as they can. Each must end in a structured finding; the time is what one
 * upload of it costs a validator (and the gateway's key read) in CPU.
 *   node_modules/.bin/node scripts/bench/pdf-hostile.ts
 * Writes the "Crafted PDFs" section of BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { lzwOf } from '../../domain/invoice/intake/encoders.ts';
import { buildPdf } from '../../domain/invoice/intake/hostile.ts';
import { intake } from '../../domain/invoice/intake/index.ts';
import { machine, writeSection } from './bench-report.ts';

/** Each shape: one object repeated, with no cross-reference to go by. */
const SHAPES: readonly (readonly [string, string])[] = [
  ['strings never closed', '1 0 obj ('],
  ['dictionaries never closed', '1 0 obj << /A '],
  ['streams without an end', '1 0 obj << /Length 2 0 R >> stream\n'],
  ['streams whose /Length is one object, defined again after each', '1 0 obj << /Length 1 0 R >> stream\nx\nendstream endobj\n'],
  ['strings that say stream', '1 0 obj (stream '],
  ['streams shorter than their /Length', '1 0 obj << /Length 5 >> stream\nxx'],
];
// Up to the gateway's default upload cap (120 MiB).
const TARGET_BYTES = [1_000_000, 10_000_000, 100_000_000];
const RUNS = 3;

const ENCODED_BYTES = [1_000_000, 10_000_000, 100_000_000];
/**
 * Each filter's costliest input: the factur-x.xml attachment of a well-formed PDF, about `bytes`
 * long as stored. A bomb is read only up to the cap, whatever its size: one is enough.
 */
const ENCODED: readonly (readonly [string, string, (bytes: number) => Buffer, readonly number[]])[] = [
  ['hex digits', '/ASCIIHexDecode', (n) => Buffer.alloc(n, '4'), ENCODED_BYTES],
  ['`z`, four zero bytes each', '/ASCII85Decode', (n) => Buffer.alloc(n, 'z'), ENCODED_BYTES],
  ['runs of 128 bytes', '/RunLengthDecode', (n) => Buffer.alloc(n, Buffer.from([0x81, 0x20])), ENCODED_BYTES],
  ['the LZW codes of random bytes', '/LZWDecode', (n) => lzwOf(randomBytes(Math.floor(n / 1.4))), ENCODED_BYTES],
  ['the LZW codes of 64 MiB of zeros (a bomb)', '/LZWDecode', () => lzwOf(Buffer.alloc(64 << 20)), [0]],
];

/** The fastest of RUNS intakes of `pdf`, as a table row. */
function row(name: string, pdf: Buffer): string {
  let fastest = Infinity;
  let rule = '';
  for (let run = 0; run < RUNS; run++) {
    const t = process.hrtime.bigint();
    const r = intake(pdf);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t) / 1e6);
    rule = r.ok ? 'accepted' : (r.findings[0]?.rule ?? '');
  }
  process.stderr.write(`[pdf-hostile] ${name}, ${(pdf.length / 1e6).toFixed(1)} MB: ${fastest.toFixed(0)} ms, ${rule}\n`);
  return `| ${name} | ${(pdf.length / 1e6).toFixed(1)} | ${fastest.toFixed(0)} | ${(fastest / (pdf.length / 1e6)).toFixed(0)} | ${rule} |`;
}

const rows: string[] = [];
for (const [name, unit] of SHAPES) {
  for (const target of TARGET_BYTES) rows.push(row(name, Buffer.from(`%PDF-1.7\n${unit.repeat(Math.ceil(target / unit.length))}\nstartxref\n0\n%%EOF\n`, 'latin1')));
}
const encodedRows: string[] = [];
for (const [name, filter, stored, sizes] of ENCODED) {
  for (const target of sizes) encodedRows.push(row(`${filter.slice(1)}: ${name}`, buildPdf({ files: [{ name: 'factur-x.xml', stored: stored(target), filter }] })));
}

writeSection(
  'Crafted PDFs',
  `Command: \`node_modules/.bin/node scripts/bench/pdf-hostile.ts\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.
PDFs made of one object repeated with no usable cross-reference, so that intake's repair scan has to walk them; each figure is the fastest of ${RUNS}.

| file made of | MB | ms | ms per MB | finding |
|---|---:|---:|---:|---|
${rows.join('\n')}

Every one ends in a structured finding; none is accepted. The scan is linear, and bounded twice: it looks at no more than 2,000,000 object
headers (as many objects as a cross-reference may list), and the work meter (4 bytes of work per byte of file, plus 256 MiB) stops it when
spent: a stream read by the scan costs 16 KiB of it, a damaged one 64 KiB more, and a damaged value is charged for what was read.

Attachments (factur-x.xml of an otherwise well-formed PDF) stored with each general-purpose filter other than FlateDecode, with the
data that makes its decoder produce the most (the FlateDecode bombs are unit tests: \`hostile.test.ts\`):

| attachment stored as | MB | ms | ms per MB | finding |
|---|---:|---:|---:|---|
${encodedRows.join('\n')}

Each decoder stops as soon as its output would pass the attachment's cap (the XML cap, 20 MiB by default) or what is left of the
PDF's total for decoded streams (64 MiB): XML-TOO-LARGE when the data expands less than 200:1, FACTURX-BOMB beyond. Data too short
to reach a cap is read to its end, and then the XML guards or parser refuse it.
Load average at the end (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}.`,
);
