/**
 * A/B for a speed change, in this checkout against another checkout (the commit before the
 * change, say). First, the results: both must give the same verdict, model and findings on the
 * official examples and every mutant of them (exit status 1 if not). Then the speed: the
 * validator's whole per-invoice path (`checkInvoice`: intake, XSD, EN 16931), the same in
 * batches as the validator service runs it (`checkInvoices`, when both checkouts have it), and the EN 16931
 * check alone (`checkDocument`, on the tree the XSD stage reads; timed only when both checkouts
 * have that tree, from commit "the rules read the tree libxml2 parsed" on), on the official
 * examples of [min-max] bytes (default 0-40000; 5000-20000 is the speed target's size). Both are
 * loaded in one process and timed in turns, half a second of CPU time each, the fastest of [runs]
 * turns kept (bench-report.ts), so that both see the same machine: this VM's speed drifts by a
 * third from one minute to the next. The change is also given turn by turn (median, and the
 * lowest and highest), each turn comparing the two checkouts timed one right after the other:
 * two identical checkouts have shown a 5 % gap between their fastest turns, so a change smaller
 * than the spread of the turns is not shown to be one. Then the V8 heap each path allocates per invoice, which does
 * not drift, and the garbage collections of the whole path.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   node_modules/.bin/node scripts/bench/ab.ts /tmp/base [runs] [min-max]
 *
 * Prints the figures; writes nothing (a result worth keeping goes into a commit message or a
 * note, with this command).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, SCHEMA_DIR } from '../../tests/support/paths.ts';
import type { IntakeSuccess } from '../../domain/invoice/intake/result.ts';
import { mutantsOf } from '../../tests/conformance/mutants.ts';
import { CHECK_BATCH } from '../../domain/invoice/validate.ts';
import { allocatedBytesEach, cpuMicrosRuns, garbageCollection, inBatches, intakeEach, measure, type Measure } from './bench-report.ts';
import { officialExamples } from '../../tests/support/examples.ts';

interface Paths {
  /** What the validator concludes of a document, as it would travel (JSON). */
  result: (bytes: Buffer) => string;
  whole: (bytes: Buffer) => void;
  /** Absent from checkouts before checkInvoices. */
  batched?: (batch: Buffer[]) => void;
  /** Absent from checkouts whose rules parsed the text themselves. */
  check?: (d: IntakeSuccess) => void;
}

/** `root`'s paths, its checkInvoice with its own schema catalog. */
async function load(root: string): Promise<Paths> {
  const { checkInvoice, checkInvoices } = (await import(join(root, 'domain/invoice/validate.ts'))) as Partial<typeof import('../../domain/invoice/validate.ts')> &
    Pick<typeof import('../../domain/invoice/validate.ts'), 'checkInvoice'>;
  const { checkDocument } = (await import(join(root, 'domain/invoice/en16931.ts'))) as typeof import('../../domain/invoice/en16931.ts');
  const { openSchemaCatalog, readXmlTree } = (await import(join(root, 'platform/xsd/libxml2.ts'))) as typeof import('../../platform/xsd/libxml2.ts');
  const catalog = openSchemaCatalog(SCHEMA_DIR);
  const trees = new Map<IntakeSuccess, ReturnType<typeof readXmlTree>['root']>();
  const tree = (d: IntakeSuccess) => trees.get(d) ?? trees.set(d, readXmlTree(d.xmlBytes).root).get(d);
  return {
    result: (bytes) => JSON.stringify(checkInvoice(bytes, { catalog })),
    whole: (bytes) => {
      if (!checkInvoice(bytes, { catalog }).accepted) throw new Error(`${root}: an official example was rejected`);
    },
    ...(checkInvoices
      ? {
          batched: (batch: Buffer[]) => {
            if (!checkInvoices(batch, { catalog }).every((c) => c.accepted)) throw new Error(`${root}: an official example was rejected`);
          },
        }
      : {}),
    ...(existsSync(join(root, 'domain/xml/tree.ts')) ? { check: (d: IntakeSuccess) => checkDocument(tree(d), d.syntax) } : {}),
  };
}

const other = process.argv[2];
const runs = Number(process.argv[3] ?? 20);
if (!other) {
  process.stderr.write('usage: node scripts/bench/ab.ts <other checkout> [runs] [min-max bytes]\n');
  process.exit(2);
}
const [min = 0, max = 40_000] = (process.argv[4] ?? '').split('-').filter(Boolean).map(Number);
const docs = officialExamples(max).map((d) => d.bytes).filter((b) => b.byteLength >= min);
const intaken = intakeEach(docs);
const [a, b] = [await load(resolve(other)), await load(ROOT)];

// A speed change must not change a result: both checkouts on every example and every mutant of them.
const examples = officialExamples(Infinity).map((d) => ({ name: '', syntax: d.syntax, xml: d.bytes.toString('utf8') }));
const corpus = [...examples, ...mutantsOf(examples)].map((d) => Buffer.from(d.xml));
const differ = corpus.filter((d) => a.result(d) !== b.result(d)).length;
process.stdout.write(`results: ${corpus.length - differ} of ${corpus.length} documents (official examples and their mutants) give the same verdict, model and findings in both\n`);
if (differ > 0) process.exitCode = 1;
const candidates: readonly (readonly [string, (p: Paths) => Measure | undefined])[] = [
  ['whole path (checkInvoice)', (p) => measure(docs, p.whole)],
  [`whole path in batches of ${CHECK_BATCH.invoices} (checkInvoices, as the validator service)`, (p) => (p.batched ? inBatches(docs, CHECK_BATCH.invoices, p.batched) : undefined)],
  ['EN 16931 check (checkDocument)', (p) => (p.check ? measure(intaken, p.check) : undefined)],
];
const PATHS = candidates.flatMap(([name, m]) => {
  const [was, now] = [m(a), m(b)];
  return was && now ? [[name, was, now] as const] : [];
});
const measures = Object.fromEntries(PATHS.flatMap(([name, was, now]) => [[`${name} other`, was], [`${name} this`, now]]));
const times = cpuMicrosRuns(measures, runs);
const bytes = allocatedBytesEach(measures);
/** Time change from other to this, in %: negative when this checkout is faster. */
const change = (was: number, now: number) => ((now - was) / was) * 100;
const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(1)} %`;
process.stdout.write(`CPU µs per invoice, fastest of ${runs} turns, ${docs.length} examples of ${min}-${max} bytes; other: ${resolve(other)}, this: ${ROOT}\n`);
for (const [name] of PATHS) {
  const [wasRuns, nowRuns] = [times[`${name} other`]!, times[`${name} this`]!];
  const [was, now] = [Math.min(...wasRuns), Math.min(...nowRuns)];
  const turns = wasRuns.map((w, r) => change(w, nowRuns[r]!)).sort((x, y) => x - y);
  const [kbWas, kbNow] = [bytes[`${name} other`]! / 1024, bytes[`${name} this`]! / 1024];
  process.stdout.write(
    `${name}: other ${was.toFixed(1)}, this ${now.toFixed(1)}: this checkout is ${Math.abs(change(was, now)).toFixed(1)} % ${now <= was ? 'faster' : 'slower'}` +
      ` (time change turn by turn: median ${signed(turns[Math.floor(turns.length / 2)]!)}, from ${signed(turns[0]!)} to ${signed(turns.at(-1)!)}); KB allocated per invoice: other ${kbWas.toFixed(1)}, this ${kbNow.toFixed(1)}\n`,
  );
}
const [gcWas, gcNow] = [garbageCollection(measures[`${PATHS[0]![0]} other`]!, 5_000), garbageCollection(measures[`${PATHS[0]![0]} this`]!, 5_000)];
process.stdout.write(
  `garbage collection on the whole path, ${gcNow.invoices} invoices each: other ${gcWas.collections} collections, ${gcWas.usPerInvoice.toFixed(1)} µs per invoice; this ${gcNow.collections}, ${gcNow.usPerInvoice.toFixed(1)} µs\n`,
);
