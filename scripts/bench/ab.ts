/**
 * A/B for a speed change: the validator's whole per-invoice path (`checkInvoice`: intake, XSD,
 * EN 16931) in this checkout against another checkout (the commit before the change, say), on
 * the official examples of at most 40 KB. The two run alternately, each in a fresh process, so
 * that both see the same machine; each run gives the best of 12 half-second spells of CPU time
 * per invoice. On a shared VM, whose speed drifts by a third from one minute to the next, only
 * such a side-by-side comparison tells a 5 % change from noise.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   node_modules/.bin/node scripts/bench/ab.ts /tmp/base [rounds]
 *
 * Prints the figures; writes nothing (a result worth keeping goes into a commit message or a
 * note, with this command).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** In the child: CPU µs per invoice of `root`'s checkInvoice, best of 12 spells. */
async function measure(root: string): Promise<number> {
  const { checkInvoice } = (await import(join(root, 'domain/invoice/validate.ts'))) as typeof import('../../domain/invoice/validate.ts');
  const { openSchemaCatalog } = (await import(join(root, 'platform/xsd/libxml2.ts'))) as typeof import('../../platform/xsd/libxml2.ts');
  const docs = ['ubl', 'cii']
    .flatMap((s) => readdirSync(join(SAMPLES_DIR, 'en16931', s)).map((f) => readFileSync(join(SAMPLES_DIR, 'en16931', s, f))))
    .filter((b) => b.byteLength <= 40_000);
  const catalog = openSchemaCatalog(SCHEMA_DIR);
  for (let i = 0; i < 1000; i++) checkInvoice(docs[i % docs.length]!, { catalog });
  let best = Infinity;
  for (let spell = 0; spell < 12; spell++) {
    let n = 0;
    const start = cpuMicros();
    while (cpuMicros() - start < 500_000) {
      for (const d of docs) if (!checkInvoice(d, { catalog }).accepted) throw new Error('an official example was rejected');
      n += docs.length;
    }
    best = Math.min(best, (cpuMicros() - start) / n);
  }
  return best;
}

if (process.argv[2] === '--measure') {
  process.stdout.write(`${await measure(process.argv[3]!)}\n`);
} else {
  const other = process.argv[2];
  const rounds = Number(process.argv[3] ?? 3);
  if (!other) {
    process.stderr.write('usage: node scripts/bench/ab.ts <other checkout> [rounds]\n');
    process.exit(2);
  }
  const sides = { this: ROOT, other: resolve(other) };
  const results: Record<keyof typeof sides, number[]> = { this: [], other: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const side of ['other', 'this'] as const) {
      const child = spawnSync(process.execPath, [import.meta.filename, '--measure', sides[side]], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${sides[side]}: ${child.stderr}`);
      const us = Number(child.stdout.trim());
      results[side].push(us);
      process.stdout.write(`round ${round}/${rounds}: ${side.padEnd(5)} ${us.toFixed(1)} µs per invoice (${sides[side]})\n`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const a = median(results.other);
  const b = median(results.this);
  process.stdout.write(`median: other ${a.toFixed(1)} µs, this ${b.toFixed(1)} µs: this checkout is ${(((a - b) / a) * 100).toFixed(1)} % ${b <= a ? 'faster' : 'slower'}\n`);
}
