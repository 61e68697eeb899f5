/**
 * A/B for a speed change: the validator's whole per-invoice path (`checkInvoice`: intake, XSD,
 * EN 16931) in this checkout against another checkout (the commit before the change, say), on
 * the official examples of at most 40 KB. Both are loaded in one process and timed in
 * alternating half-second spells of CPU time, so that both see the same machine: this VM's
 * speed drifts by a third from one minute to the next, and only such a side-by-side comparison
 * tells a 5 % change from noise. Reported: the median over the pairs of spells of the other's
 * time over this one's.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   node_modules/.bin/node scripts/bench/ab.ts /tmp/base [pairs]
 *
 * Prints the figures; writes nothing (a result worth keeping goes into a commit message or a
 * note, with this command).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

type Validate = (bytes: Buffer) => void;

/** `root`'s checkInvoice with its own schema catalog, as a function of one document. */
async function load(root: string): Promise<Validate> {
  const { checkInvoice } = (await import(join(root, 'domain/invoice/validate.ts'))) as typeof import('../../domain/invoice/validate.ts');
  const { openSchemaCatalog } = (await import(join(root, 'platform/xsd/libxml2.ts'))) as typeof import('../../platform/xsd/libxml2.ts');
  const catalog = openSchemaCatalog(SCHEMA_DIR);
  return (bytes) => {
    if (!checkInvoice(bytes, { catalog }).accepted) throw new Error(`${root}: an official example was rejected`);
  };
}

/** CPU µs per invoice over one half-second spell. */
function spell(validate: Validate, docs: readonly Buffer[]): number {
  let n = 0;
  const start = cpuMicros();
  while (cpuMicros() - start < 500_000) {
    for (const d of docs) validate(d);
    n += docs.length;
  }
  return (cpuMicros() - start) / n;
}

const other = process.argv[2];
const pairs = Number(process.argv[3] ?? 20);
if (!other) {
  process.stderr.write('usage: node scripts/bench/ab.ts <other checkout> [pairs]\n');
  process.exit(2);
}
const docs = ['ubl', 'cii']
  .flatMap((s) => readdirSync(join(SAMPLES_DIR, 'en16931', s)).map((f) => readFileSync(join(SAMPLES_DIR, 'en16931', s, f))))
  .filter((b) => b.byteLength <= 40_000);
const sides = { other: await load(resolve(other)), this: await load(ROOT) };
for (const v of Object.values(sides)) for (let i = 0; i < 2000; i++) v(docs[i % docs.length]!); // warm-up
const ratios: number[] = [];
const times = { other: [] as number[], this: [] as number[] };
for (let pair = 1; pair <= pairs; pair++) {
  // Which goes first alternates, so neither always follows the other's garbage.
  const order = pair % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const);
  const t = { other: 0, this: 0 };
  for (const side of order) t[side] = spell(sides[side], docs);
  times.other.push(t.other);
  times.this.push(t.this);
  ratios.push(t.other / t.this);
  process.stdout.write(`pair ${pair}/${pairs}: other ${t.other.toFixed(1)} µs, this ${t.this.toFixed(1)} µs per invoice\n`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const r = median(ratios);
process.stdout.write(
  `median: other ${median(times.other).toFixed(1)} µs, this ${median(times.this).toFixed(1)} µs per invoice; ` +
    `this checkout is ${r >= 1 ? `${((r - 1) * 100).toFixed(1)} % faster` : `${((1 / r - 1) * 100).toFixed(1)} % slower`} (median of the pairs' ratios)\n`,
);
