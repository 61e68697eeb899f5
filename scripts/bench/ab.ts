/**
 * A/B for a speed change: the validator's whole per-invoice path (`checkInvoice`: intake, XSD,
 * EN 16931) in this checkout against another checkout (the commit before the change, say), on
 * the official examples of at most 40 KB. Both are loaded in one process and timed in turns,
 * half a second of CPU time each, the fastest of [runs] turns kept (bench-report.ts), so that
 * both see the same machine: this VM's speed drifts by a third from one minute to the next.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   node_modules/.bin/node scripts/bench/ab.ts /tmp/base [runs]
 *
 * Prints the figures; writes nothing (a result worth keeping goes into a commit message or a
 * note, with this command).
 */
import { join, resolve } from 'node:path';
import { ROOT, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { cpuMicrosEach, measure, officialExamples } from './bench-report.ts';

/** `root`'s checkInvoice with its own schema catalog, as a function of one document. */
async function load(root: string): Promise<(bytes: Buffer) => void> {
  const { checkInvoice } = (await import(join(root, 'domain/invoice/validate.ts'))) as typeof import('../../domain/invoice/validate.ts');
  const { openSchemaCatalog } = (await import(join(root, 'platform/xsd/libxml2.ts'))) as typeof import('../../platform/xsd/libxml2.ts');
  const catalog = openSchemaCatalog(SCHEMA_DIR);
  return (bytes) => {
    if (!checkInvoice(bytes, { catalog }).accepted) throw new Error(`${root}: an official example was rejected`);
  };
}

const other = process.argv[2];
const runs = Number(process.argv[3] ?? 20);
if (!other) {
  process.stderr.write('usage: node scripts/bench/ab.ts <other checkout> [runs]\n');
  process.exit(2);
}
const docs = officialExamples(40_000).map((d) => d.bytes);
const us = cpuMicrosEach({ other: measure(docs, await load(resolve(other))), this: measure(docs, await load(ROOT)) }, runs);
const change = ((us.other - us.this) / us.other) * 100;
process.stdout.write(
  `CPU per invoice, fastest of ${runs} turns: other ${us.other.toFixed(1)} µs (${resolve(other)}), this ${us.this.toFixed(1)} µs (${ROOT}): ` +
    `this checkout is ${Math.abs(change).toFixed(1)} % ${change >= 0 ? 'faster' : 'slower'}\n`,
);
