/**
 * PES_Aller generation speed: pièces per second and megabytes per second, PJ compression
 * included, with real invoices as PJs (the official EN 16931 UBL examples, 5–20 KB, and a
 * 300 KB Factur-X PDF), then reading the file back. Bounded to well under a minute.
 *
 *   node_modules/.bin/node scripts/bench/pes-writer.ts
 *
 * Writes the "PES writer" section of BENCHMARKS.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PesAller, PJ } from '../../domain/pes/model.ts';
import { buildPj } from '../../domain/pes/pj.ts';
import { readPesAller } from '../../domain/pes/reader.ts';
import { EXAMPLE_ID_COLL, examplePesAller, examplePiece } from '../../domain/pes/testing.ts';
import { writePesAller } from '../../domain/pes/writer.ts';
import { SAMPLES_DIR } from '../../tests/support/paths.ts';
import { machine, writeSection } from './bench-report.ts';

interface Source {
  name: string;
  bytes: Uint8Array;
}

const ublDir = resolve(SAMPLES_DIR, 'en16931/ubl');
const ubl: Source[] = readdirSync(ublDir)
  .filter((f) => f.startsWith('ubl-tc434-example'))
  .map((f) => ({ name: f, bytes: readFileSync(resolve(ublDir, f)) }));
const pdf: Source[] = [{ name: 'invoice_EN16931.pdf', bytes: readFileSync(resolve(SAMPLES_DIR, 'facturx/invoice_EN16931.pdf')) }];

/** A bordereau of `count` pièces (one line each), the i-th with the i-th source (cycling) as PJ. */
function bordereauOf(count: number, sources: Source[]): { model: PesAller; pjBytes: number; buildPjs: () => PJ[] } {
  const pes = examplePesAller();
  const idUnique = (i: number) => `${EXAMPLE_ID_COLL}2026D${String(i).padStart(6, '0')}`;
  const bordereau = pes.PES_DepenseAller!.Bordereau[0]!;
  bordereau.Piece = Array.from({ length: count }, (_, i) => {
    const piece = examplePiece(String(i + 1), idUnique(i));
    if (sources.length === 0) delete piece.BlocPiece.InfoPce.PJRef;
    return piece;
  });
  bordereau.BlocBordereau.NbrPce = String(count);
  const cents = (n: bigint) => `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;
  bordereau.BlocBordereau.MtBordHT = cents(100010n * BigInt(count));
  bordereau.BlocBordereau.MtBordTVA = cents(20002n * BigInt(count));
  const pick = (i: number) => sources[i % sources.length]!;
  const buildPjs = () =>
    Array.from({ length: sources.length === 0 ? 0 : count }, (_, i) =>
      buildPj({ bytes: pick(i).bytes, idUnique: idUnique(i), fileName: pick(i).name, description: `Facture ${i + 1}` }),
    );
  if (sources.length === 0) delete pes.PES_PJ;
  const pjBytes = sources.length === 0 ? 0 : Array.from({ length: count }, (_, i) => pick(i).bytes.byteLength).reduce((a, b) => a + b, 0);
  return { model: pes, pjBytes, buildPjs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

interface Row {
  scenario: string;
  pieces: number;
  pjMB: number;
  fileMB: number;
  pjSeconds: number;
  writeSeconds: number;
  readSeconds: number;
}

function run(scenario: string, count: number, sources: Source[], repeats: number): Row {
  const { model, pjBytes, buildPjs } = bordereauOf(count, sources);
  const samples: { pj: number; write: number; read: number; size: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    let pjs: PJ[] = [];
    const pj = time(() => (pjs = buildPjs()));
    if (pjs.length > 0) model.PES_PJ = { EnTetePES_PJ: { IdVer: '1' }, PJ: pjs };
    let bytes: Uint8Array = new Uint8Array();
    const write = time(() => (bytes = writePesAller(model)));
    const read = time(() => readPesAller(bytes));
    samples.push({ pj, write, read, size: bytes.byteLength });
  }
  return {
    scenario,
    pieces: count,
    pjMB: pjBytes / 1e6,
    fileMB: samples[0]!.size / 1e6,
    pjSeconds: median(samples.map((s) => s.pj)),
    writeSeconds: median(samples.map((s) => s.write)),
    readSeconds: median(samples.map((s) => s.read)),
  };
}

const started = performance.now();
const rows = [
  run('no PJ', 10_000, [], 3),
  run('UBL PJs (5–20 KB)', 2_000, ubl, 3),
  run('Factur-X PDF PJs (300 KB)', 200, pdf, 3),
];

const f = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Command: \`node_modules/.bin/node scripts/bench/pes-writer.ts\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}. One bordereau, one line per pièce, median of 3 runs.`,
  '"PJ" is building the PES_PJ entries (gzip + base64); "write" is checks + transliteration + XML + ISO-8859-1 encoding; "total" is both. MB/s are of the written file.',
  '',
  '| scenario | pièces | PJ input MB | file MB | PJ s | write s | total pièces/s | total MB/s | read s | read MB/s |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => {
    const total = r.pjSeconds + r.writeSeconds;
    return `| ${r.scenario} | ${f(r.pieces)} | ${f(r.pjMB, 1)} | ${f(r.fileMB, 1)} | ${f(r.pjSeconds, 2)} | ${f(r.writeSeconds, 2)} | ${f(r.pieces / total)} | ${f(r.fileMB / total, 1)} | ${f(r.readSeconds, 2)} | ${f(r.fileMB / r.readSeconds, 1)} |`;
  }),
  '',
  `Whole run: ${f((performance.now() - started) / 1000, 1)} s.`,
  '',
  'The 300 KB PDF is already compressed: gzip gains nothing and base64 adds a third, so its file is larger than its PJs. Reading is fast-xml-parser-bound (about 2/3 of the time is its parse).',
];
writeSection('PES writer', lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
