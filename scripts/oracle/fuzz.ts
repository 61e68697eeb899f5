/**
 * Differential fuzzing of the EN 16931 engine against the official Schematron: random mutants
 * (tests/conformance/fuzz.ts) of the official examples, and of any invoices given, that stay
 * schema-valid (the validator rejects the others before any business rule) are run through both,
 * and every document where they do not report the same fatal and warning rule ids is printed
 * with the edits that made it.
 *
 *   node_modules/.bin/node scripts/oracle/fuzz.ts [files or folders…] [--count 2000] [--seed 1] [--out DIR]
 *
 * --out writes each disagreeing mutant there, to be read or fed to scripts/oracle/compare.ts.
 * The same inputs, count and seed give the same mutants. Exit status 1 on any disagreement.
 * Needs a JDK and Maven (see docs/oracle.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { filesUnder } from '../../cli/files.ts';
import { cliCatalog } from '../../cli/commands/schemas.ts';
import { progress } from '../../cli/commands/types.ts';
import { isFatal } from '../../domain/finding.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { disagreements, engineFindings, fromOracle } from '../../tests/conformance/agreement.ts';
import { fuzzedOf, schemaValid, type Fuzzed } from '../../tests/conformance/fuzz.ts';
import type { Sample } from '../../tests/conformance/mutants.ts';
import { runOracle } from '../../tests/conformance/oracle.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { count: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: node scripts/oracle/fuzz.ts [files or folders…] [--count N] [--seed S] [--out DIR]\n');
  process.exit(2);
}

const catalog = cliCatalog();

const samples: Sample[] = officialExamples().map((e) => ({ name: e.name, syntax: e.syntax, xml: e.bytes.toString('utf8') }));
for (const file of filesUnder(positionals)) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    process.stderr.write(`skipped ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    continue;
  }
  const valid = schemaValid(catalog, bytes);
  if (valid) samples.push({ name: basename(file), ...valid });
  else process.stderr.write(`skipped ${file}: not an invoice intake and its schema accept\n`);
}

const mutants = fuzzedOf(samples, count, seed);
const tick = progress('schema');
const kept: (Fuzzed & { copy: string })[] = [];
const folder = mkdtempSync(join(tmpdir(), 'oracle-fuzz-'));
mutants.forEach((m, i) => {
  tick(i + 1, mutants.length);
  if (!schemaValid(catalog, Buffer.from(m.xml))) return;
  const copy = join(folder, `${kept.length}.xml`);
  writeFileSync(copy, m.xml);
  kept.push({ ...m, copy });
});
process.stderr.write(`${samples.length} invoices, seed ${seed}: ${kept.length} of ${mutants.length} mutants schema-valid\n`);

let disagreeing = 0;
/** Mutants the Schematron stops on (a dynamic XPath error, such as two names where it expects one). */
const unjudged = new Map<string, string>();
/** Of those, the ones the engine accepts. */
let acceptedUnjudged = 0;
const fired = new Set<string>();
try {
  for (const syntax of ['ubl', 'cii'] as const) {
    const docs = kept.filter((d) => d.syntax === syntax);
    if (docs.length === 0) continue;
    const oracle = await runOracle(docs.map((d) => d.copy), syntax, unjudged);
    for (const d of docs) {
      const ours = engineFindings(d.xml, syntax);
      const stopped = unjudged.get(d.copy);
      if (stopped !== undefined) {
        const fatal = [...new Set(ours.filter(isFatal).map((f) => f.rule))];
        if (fatal.length === 0) acceptedUnjudged += 1;
        process.stdout.write(`UNJUDGED ${d.name}: ${d.edits.join('; ')}\n    the Schematron stopped: ${stopped}\n    the engine: ${fatal.length === 0 ? 'accepted' : `rejected (${fatal.join(', ')})`}\n`);
        continue;
      }
      const theirs = fromOracle(oracle.get(d.copy) ?? []);
      for (const h of theirs) fired.add(h.rule);
      const differ = disagreements(theirs, ours);
      if (differ.length === 0) continue;
      disagreeing += 1;
      process.stdout.write(`DISAGREE ${d.name}: ${d.edits.join('; ')}\n${differ.map((x) => `    ${x.rule} (${x.severity}): ${x.by}\n`).join('')}`);
      if (values.out) {
        mkdirSync(values.out, { recursive: true });
        writeFileSync(join(values.out, d.name), d.xml);
      }
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const judged = kept.length - unjudged.size;
process.stdout.write(
  `${judged - disagreeing} / ${judged} schema-valid mutants agree (${fired.size} distinct rules fired in the Schematron); the Schematron stopped on ${unjudged.size} other(s), of which the engine accepts ${acceptedUnjudged}\n`,
);
process.exitCode = disagreeing > 0 ? 1 : 0;
