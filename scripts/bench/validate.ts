/**
 * The validator's whole per-invoice path on the official examples (UBL and CII, repeated):
 * format detection and decoding (intake), XSD validation, EN 16931 read + rules. On one thread,
 * in CPU time, the fastest of several runs (bench-report.ts): the whole path, the whole path by
 * document size, and each stage alone; each stage inside the whole path, alone, and alone after
 * evicting data from the caches; then the whole path on a pool of worker threads, one per core,
 * in wall-clock time over [invoices] documents.
 *   node_modules/.bin/node scripts/bench/validate.ts [invoices] [runs]
 * `runs` (default 10): how many runs each one-thread figure is the fastest of; more give a run
 * of this VM's undisturbed spells a better chance, and take longer (30: about 8 minutes in all).
 * Writes the "Invoice validation" section of BENCHMARKS.md.
 */
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkDocument, checkSyntaxRules, readDocument } from '../../domain/invoice/en16931.ts';
import { checkRules } from '../../domain/invoice/rules/index.ts';
import { intake, type IntakeSuccess } from '../../domain/invoice/intake/index.ts';
import { CHECK_BATCH, checkInvoice, checkInvoices } from '../../domain/invoice/validate.ts';
import { GatewayConfig } from '../../services/gateway/config.ts';
import { supplierNumberKeyOf } from '../../services/gateway/supplier-number-key.ts';
import { ParseOption, XmlDocument, XsdValidator } from 'libxml2-wasm';
import type { XmlElement } from '../../domain/xml/tree.ts';
import type { SchemaName } from '../../domain/xml/xsd.ts';
import { compileSchema, DOCUMENT_OPTIONS, openSchemaCatalog, readXmlTree } from '../../platform/xsd/libxml2.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { allocatedBytesEach, cpuMicrosEach, garbageCollection, inBatches, intakeEach, machine, measure, RUNS, writeSection, type Measure } from './bench-report.ts';
import { officialExamples } from '../../tests/support/examples.ts';

const docs = officialExamples(40_000).map((d) => d.bytes);
const DEFAULT_UPLOAD_CAP = GatewayConfig.shape.MAX_UPLOAD_BYTES.parse(undefined);
/** How many invoices the validator service checks together by default. */
const BATCH = CHECK_BATCH.invoices;
const catalog = openSchemaCatalog(SCHEMA_DIR);
const SIZE_CLASSES: readonly (readonly [string, number, number])[] = [
  // The issue's target is for invoices of this size.
  ['5–20 KB', 5_000, 20_000],
  ['under 8 KB', 0, 8_000],
  ['8–20 KB', 8_000, 20_000],
  ['20–40 KB', 20_000, 40_001],
];
const now = () => Number(process.hrtime.bigint()) / 1e9;

const SWEPT = new Float64Array((4 * 1024 * 1024) / 8);
/** Writes one value in every 64-byte cache line of 4 MB: more data than another stage could leave in the caches. */
const sweep = (): void => {
  for (let k = 0; k < SWEPT.length; k += 8) SWEPT[k]! += 1;
};

/** A document as the rules take it: the tree the XSD stage read. */
interface Read {
  root: XmlElement | undefined;
  syntax: IntakeSuccess['syntax'];
}
/** Each document read as the XSD stage reads it, for the rules timed alone. */
const readEach = (taken: readonly IntakeSuccess[]): Read[] => taken.map((d) => ({ root: readXmlTree(d.xmlBytes).root, syntax: d.syntax }));

/** The path's stages, each on what the one before gives (intake on the bytes). */
const STAGE = {
  // As the validator takes documents in: the nesting depth is checked on the tree the XSD stage reads.
  intake: (bytes: Buffer) => intake(bytes, {}, { depthAfterParse: true }),
  xsd: (d: IntakeSuccess) => catalog.validator(d.schema).validateAndRead(d.xmlBytes),
  /** The EN 16931 check: the next two stages together. */
  rules: (d: Read) => checkDocument(d.root, d.syntax),
  model: (d: Read) => checkRules(readDocument(d.root, d.syntax)!),
  syntax: (d: Read) => checkSyntaxRules(d.root!, d.syntax, []),
};
/** The stages timed inside the whole path, the EN 16931 check in its two parts. */
const STAGES = ['intake', 'xsd', 'model', 'syntax'] as const;
type Stage = (typeof STAGES)[number];
type Stages = Record<Stage, number>;
const each = (v: number): Stages => ({ intake: v, xsd: v, model: v, syntax: v });
const STAGE_LABEL: Record<Stage, string> = {
  intake: 'intake',
  xsd: 'XSD and the tree read',
  model: 'EN 16931 model read and business rules on the model',
  syntax: 'code lists and syntax rules on the XML',
};

/**
 * Each stage's cost inside the whole path, alone on the same documents, and alone right after
 * the 4 MB sweep (not timed), all timed in the same turns so that they see the same machine:
 * wall-clock time around each call, the mean over the documents in µs, the fastest of `turns` turns
 * kept (after one turn of warm-up).
 */
function stagesInPlace(set: readonly Buffer[], turns: number): Record<'inPlace' | 'alone' | 'afterSweep', Stages> {
  const taken = intakeEach(set);
  const read = readEach(taken);
  const n = Math.max(1_000, set.length * 50);
  const best = { inPlace: each(Infinity), alone: each(Infinity), afterSweep: each(Infinity) };
  const keep = (into: Stages, sum: Stages) => {
    for (const k of STAGES) into[k] = Math.min(into[k], (sum[k] / n) * 1e6);
  };
  const stageCall: Record<Stage, (k: number) => void> = {
    intake: (k) => STAGE.intake(set[k % set.length]!),
    xsd: (k) => STAGE.xsd(taken[k % taken.length]!),
    model: (k) => STAGE.model(read[k % read.length]!),
    syntax: (k) => STAGE.syntax(read[k % read.length]!),
  };
  for (let turn = 0; turn <= turns; turn++) {
    const together = each(0);
    for (let k = 0; k < n; k++) {
      const t0 = now();
      const d = STAGE.intake(set[k % set.length]!);
      const t1 = now();
      if (!d.ok) throw new Error('an official example failed intake');
      const { root } = STAGE.xsd(d);
      const t2 = now();
      const tree = { root, syntax: d.syntax };
      STAGE.model(tree);
      const t3 = now();
      STAGE.syntax(tree);
      const t4 = now();
      together.intake += t1 - t0;
      together.xsd += t2 - t1;
      together.model += t3 - t2;
      together.syntax += t4 - t3;
    }
    const apart = each(0);
    const swept = each(0);
    for (const stage of STAGES) {
      const call = stageCall[stage];
      const t = now();
      for (let k = 0; k < n; k++) call(k);
      apart[stage] = now() - t;
      for (let k = 0; k < n; k++) {
        sweep();
        const s = now();
        call(k);
        swept[stage] += now() - s;
      }
    }
    if (turn === 0) continue;
    keep(best.inPlace, together);
    keep(best.alone, apart);
    keep(best.afterSweep, swept);
  }
  return best;
}
const say = (s: string) => process.stderr.write(`[validate] ${s}\n`);

/**
 * The XSD stage through libxml2-wasm's own API, which makes a parser and a validation context per
 * document (the catalog reuses both), with the catalog's parse options or, as before NOBLANKS,
 * with the whitespace between elements parsed into nodes: for comparison.
 */
const KEEP_BLANKS = DOCUMENT_OPTIONS & ~ParseOption.XML_PARSE_NOBLANKS;
const ownApiValidators = new Map<SchemaName, XsdValidator>();
function validateWithOwnApi(schema: SchemaName, bytes: Uint8Array, option: number): void {
  let v = ownApiValidators.get(schema);
  if (!v) ownApiValidators.set(schema, (v = compileSchema(SCHEMA_DIR, schema)));
  const doc = XmlDocument.fromBuffer(bytes, { option });
  try {
    v.validate(doc);
  } finally {
    doc.dispose();
  }
}

const accept = (d: Buffer): void => {
  if (!checkInvoice(d, { catalog }).accepted) throw new Error('an official example was rejected');
};

const acceptAll = (batch: Buffer[]): void => {
  if (!checkInvoices(batch, { catalog }).every((c) => c.accepted)) throw new Error('an official example was rejected');
};

/** Validates `n` documents of `docs` in turn; returns seconds. */
function run(n: number): number {
  const t = now();
  for (let i = 0; i < n; i++) accept(docs[i % docs.length]!);
  return now() - t;
}

if (!isMainThread) {
  run(200); // warm-up: schemas compiled, code optimised
  parentPort!.postMessage(run(workerData as number));
} else {
  const N = Number(process.argv[2] ?? 20_000);
  const runs = Number(process.argv[3] ?? RUNS);
  const intaken = intakeEach(docs);
  const kb = docs.reduce((a, d) => a + d.byteLength, 0) / docs.length / 1024;
  const elements = intaken.reduce((a, d) => a + (d.xml.match(/<[^/?!]/g)?.length ?? 0), 0) / docs.length;
  const sized = SIZE_CLASSES.map(([label, min, max]) => ({ label, set: docs.filter((d) => d.byteLength >= min && d.byteLength < max) }));
  const measures: Record<string, Measure> = {
    whole: measure(docs, accept),
    batched: inBatches(docs, BATCH, acceptAll),
    targetBatched: inBatches(sized[0]!.set, BATCH, acceptAll),
    // The same path by document size: the XSD parse, and the rules' walk, grow with the bytes.
    ...Object.fromEntries(sized.map(({ label, set }) => [label, measure(set, accept)])),
    intake: measure(docs, STAGE.intake),
    xsd: measure(intaken, STAGE.xsd),
    xsdWithoutTree: measure(intaken, (d) => catalog.validator(d.schema).validate(d.xmlBytes)),
    rules: measure(readEach(intaken), STAGE.rules),
    xsdParse: measure(intaken, (d) => XmlDocument.fromBuffer(d.xmlBytes, { option: DOCUMENT_OPTIONS }).dispose()),
    xsdOwnApi: measure(intaken, (d) => validateWithOwnApi(d.schema, d.xmlBytes, DOCUMENT_OPTIONS)),
    xsdKeepBlanks: measure(intaken, (d) => validateWithOwnApi(d.schema, d.xmlBytes, KEEP_BLANKS)),
    xsdParseKeepBlanks: measure(intaken, (d) => XmlDocument.fromBuffer(d.xmlBytes, { option: KEEP_BLANKS }).dispose()),
    // Not the validator's: what the gateway spends on each upload to key it (services/gateway/key-reader.ts).
    gatewayKey: measure(docs, (d) => supplierNumberKeyOf(d, DEFAULT_UPLOAD_CAP)),
  };
  say(`one thread: ${runs} runs of each measure, in turns (about ${Math.ceil((runs * Object.keys(measures).length) / 2 / 60)} min)`);
  const t1 = cpuMicrosEach(measures, runs);
  const allocated = allocatedBytesEach({ whole: measures.whole!, target: measures[SIZE_CLASSES[0]![0]]!, rules: measures.rules! });
  const gc = garbageCollection(measures[SIZE_CLASSES[0]![0]]!, 5_000);
  const at = (k: string) => t1[k]!;
  const whole = at('whole');
  const target = at(SIZE_CLASSES[0]![0]);
  const [batched, targetBatched] = [at('batched'), at('targetBatched')];
  const targetKb = sized[0]!.set.reduce((a, d) => a + d.byteLength, 0) / sized[0]!.set.length / 1024;
  const bySize = sized.map(({ label, set }, k) => {
    const us = at(label);
    const setKb = set.reduce((a, d) => a + d.byteLength, 0) / set.length / 1024;
    // The first class is the target's: in bold.
    const b = k === 0 ? '**' : '';
    return `| ${b}whole path, the ${set.length} examples of ${label} (${setKb.toFixed(1)} KB on average)${b} | ${b}${us.toFixed(0)} µs${b} | ${b}${Math.round(1e6 / us).toLocaleString('en')}${b} | ${(setKb / 1024 / (us / 1e6)).toFixed(1)} |`;
  });
  const stage = { intake: at('intake'), xsd: at('xsd'), rules: at('rules') };
  const [xsdWithoutTree, xsdOwnApi, xsdParse, xsdKeepBlanks, xsdParseKeepBlanks] = [at('xsdWithoutTree'), at('xsdOwnApi'), at('xsdParse'), at('xsdKeepBlanks'), at('xsdParseKeepBlanks')];
  const stages = stage.intake + stage.xsd + stage.rules;
  say('each stage inside the whole path and alone, 5–20 KB examples');
  const split = stagesInPlace(sized[0]!.set, runs);

  say(`${N} documents on worker threads`);
  const workers = availableParallelism();
  const perWorker = Math.ceil(N / workers);
  const t = now();
  const seconds = await Promise.all(
    Array.from({ length: workers }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: perWorker });
      w.once('message', resolve);
      w.once('error', reject);
    })),
  );
  const wall = Math.max(...seconds);
  const total = now() - t;
  const us = (x: number) => `${x.toFixed(0)} µs`;
  const kbOf = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const body = `
Command: \`node_modules/.bin/node scripts/bench/validate.ts ${N}${runs === RUNS ? '' : ` ${runs}`}\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.
Documents: the ${docs.length} official EN 16931 examples (UBL and CII) of at most 40 KB, ${kb.toFixed(1)} KB on average, in turn; every one is accepted.
The path is the validator service's (\`domain/invoice/validate.ts\`): intake, XSD of the detected format, EN 16931 read and rules.
The CLI checks one invoice at a time (\`checkInvoice\`); the validator service checks the invoices of a Kafka batch together, stage by stage (\`checkInvoices\`, ${BATCH} at a time by default: CHECK_BATCH_SIZE), so that libxml2 and the rules do not evict each other's code and data from the CPU's caches at every invoice.
One-thread figures are CPU time per invoice, each the fastest of ${runs} runs of 0.5 s (this VM's speed drifts by a third from one minute to the next; the fastest run is the least disturbed one).

| | CPU per invoice | invoices/s per core | MB/s |
|---|---:|---:|---:|
| **whole path** | **${us(whole)}** | **${Math.round(1e6 / whole).toLocaleString('en')}** | ${(kb / 1024 / (whole / 1e6)).toFixed(1)} |
${bySize.join('\n')}
| **whole path in batches of ${BATCH}, as the validator service checks a Kafka batch** | **${us(batched)}** | **${Math.round(1e6 / batched).toLocaleString('en')}** | ${(kb / 1024 / (batched / 1e6)).toFixed(1)} |
| **the same, the 5–20 KB examples** | **${us(targetBatched)}** | **${Math.round(1e6 / targetBatched).toLocaleString('en')}** | ${(targetKb / 1024 / (targetBatched / 1e6)).toFixed(1)} |
| stage alone: intake (detection, decoding, guards; the depth is checked on the XSD stage's tree) | ${us(stage.intake)} | | |
| stage alone: XSD (libxml2-wasm, one parser and one validation context reused), and the read of libxml2's tree for the rules | ${us(stage.xsd)} | | |
| the same without the tree read | ${us(xsdWithoutTree)} | | |
| for comparison, XSD through libxml2-wasm's own API (new contexts for each document) | ${us(xsdOwnApi)} | | |
| of which the parse into libxml2's tree (${Math.round(elements)} elements per invoice, ${((xsdParse / elements) * 1000).toFixed(0)} ns each) | ${us(xsdParse)} | | |
| the same without NOBLANKS (the whitespace between elements parsed into nodes) | ${us(xsdKeepBlanks)} | | |
| of which the parse | ${us(xsdParseKeepBlanks)} | | |
| stage alone: EN 16931 read + rules, on the tree the XSD stage read | ${us(stage.rules)} | | |
| sum of the stages alone | ${us(stages)} | | |
| not the validator's: the gateway's read of the supplier and number that key each upload (intake, parse, model read) | ${us(at('gatewayKey'))} | | |
| whole path, ${workers} worker threads, ${N.toLocaleString('en')} invoices, wall clock | | ${Math.round((perWorker * workers) / wall).toLocaleString('en')} in all (wall ${total.toFixed(1)} s incl. start-up) | ${((perWorker * workers * kb) / 1024 / wall).toFixed(1)} |

Where the time goes, stages alone: ${Object.entries(stage)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round((v / stages) * 100)} %`)
    .join(', ')}. The whole path costs ${us(whole - stages)} ${whole >= stages ? 'more' : 'less'} than its stages timed alone.
Each stage inside the whole path, alone, and alone right after writing 4 MB of memory (one write per 64-byte line, not timed), on the 5–20 KB
examples (wall clock around each call, the fastest of ${runs} turns that time all four):

| stage | inside the whole path | alone | alone, after the 4 MB |
|---|---:|---:|---:|
${STAGES.map((k) => `| ${STAGE_LABEL[k]} | ${us(split.inPlace[k])} | ${us(split.alone[k])} | ${us(split.afterSweep[k])} |`).join('\n')}

Inside the path, ${STAGES.map((k) => `${STAGE_LABEL[k]} ${(split.inPlace[k] / split.alone[k]).toFixed(1)}×`).join(', ')} their time alone.
The 4 MB evict more data than another stage could, so what they add to a stage bounds what plain data eviction explains of what it
costs in place; the rest is most likely on the instruction side (code caches and branch predictors, shared by libxml2's WebAssembly
and the rules' JavaScript), which this VM, without performance counters, does not let us measure.
V8 heap allocated per invoice (bench-report.ts \`allocatedBytesEach\`, which unlike time does not drift with this machine): whole path ${kbOf(allocated.whole)}, ${kbOf(allocated.target)} for the 5–20 KB examples, of which the EN 16931 read and rules ${kbOf(allocated.rules)} on average over all examples.
Garbage collection on the whole path, 5–20 KB examples (v8.GCProfiler over ${gc.invoices.toLocaleString('en')} invoices): ${gc.collections} collections, ${gc.usPerInvoice.toFixed(1)} µs per invoice. The target is 5,000 invoices/s per core for
5–20 KB invoices, 200 µs each: this run measures ${us(targetBatched)} (${Math.round(1e6 / targetBatched).toLocaleString('en')}/s) as the service checks them, in batches, and ${us(target)} (${Math.round(1e6 / target).toLocaleString('en')}/s) one at a time, so the target is ${targetBatched <= 200 ? 'met' : 'not met'} by the service${target <= 200 ? ' and one at a time' : ''} in it. On this machine the XSD stage alone, libxml2-wasm parsing and
validating, caps one core at ${Math.round(1e6 / xsdWithoutTree).toLocaleString('en')} invoices/s, before any business rule (load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')}).
`;
  writeSection('Invoice validation', body);
  process.stdout.write(body);
}
