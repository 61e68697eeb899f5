/**
 * The validator against Factur-X's own Schematron, on any Factur-X PDFs and CII files you have
 * (tests/conformance/facturx-agreement.ts says how each is judged).
 *
 *   node_modules/.bin/node scripts/oracle/facturx-compare.ts <files or folders…> [--mutants] [--json]
 *
 * Per document: both verdicts and the error ids each side reports. Then the ids one side reports
 * and the other does not, over all documents, and the verdicts that agree, by profile. With
 * --mutants, the mutations of the agreement test (tests/conformance/mutants.ts) are applied to
 * each document too. Exit status 1 when a verdict differs. Needs a JDK and Maven (docs/oracle.md).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { filesUnder } from '../../cli/files.ts';
import { cliCatalog } from '../../cli/commands/schemas.ts';
import { progress } from '../../cli/commands/types.ts';
import { intake } from '../../domain/invoice/intake/index.ts';
import { facturxAgreement, type FacturxOutcome, type Judged } from '../../tests/conformance/facturx-agreement.ts';
import { mutantsOf } from '../../tests/conformance/mutants.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, mutants: { type: 'boolean', default: false } } });
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/oracle/facturx-compare.ts <files or folders…> [--mutants] [--json]\n');
  process.exit(2);
}

const files = filesUnder(positionals);
const refused: FacturxOutcome[] = [];
const docs: { name: string; syntax: 'cii'; xml: string }[] = [];
const tick = progress('intake');
files.forEach((file, i) => {
  tick(i + 1, files.length);
  const doc = intake(readFileSync(file), {});
  if (!doc.ok) refused.push({ name: file, status: 'not compared', reason: `${doc.findings[0]!.rule}: ${doc.findings[0]!.message}` });
  else if (doc.syntax !== 'cii') refused.push({ name: file, status: 'not compared', reason: 'not CII' });
  else docs.push({ name: file, syntax: 'cii', xml: doc.xml });
});
const all = values.mutants ? [...docs, ...mutantsOf(docs)] : docs;
process.stderr.write(`the validator on ${all.length} document(s)…\n`);
const outcomes = [...refused, ...(await facturxAgreement(all, cliCatalog()))];

if (values.json) process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
else report(outcomes);
process.exitCode = outcomes.some((o) => o.status === 'disagree') ? 1 : 0;

function report(results: readonly FacturxOutcome[]): void {
  const out: string[] = [];
  const judged = results.filter((r): r is Judged => r.status !== 'not compared');
  for (const r of results) {
    if (r.status === 'not compared') out.push(`SKIPPED  ${r.name}: ${r.reason}`);
    else out.push(`${r.status === 'agree' ? 'AGREE   ' : 'DISAGREE'} ${r.name} (${r.profile}) validator: ${r.engine.join(' ') || 'accepted'}; Schematron: ${r.schematron.join(' ') || 'accepted'}`);
  }
  const onlyIn = (a: 'engine' | 'schematron', b: 'engine' | 'schematron') => {
    const n = new Map<string, number>();
    for (const r of judged) for (const id of r[a]) if (!r[b].includes(id)) n.set(id, (n.get(id) ?? 0) + 1);
    return [...n].sort((x, y) => y[1] - x[1]).map(([id, k]) => `${id} ×${k}`).join(', ') || 'none';
  };
  out.push(`error ids the validator reports and the Schematron does not: ${onlyIn('engine', 'schematron')}`);
  out.push(`error ids the Schematron reports and the validator does not: ${onlyIn('schematron', 'engine')}`);
  for (const profile of new Set(judged.map((r) => r.profile))) {
    const of = judged.filter((r) => r.profile === profile);
    out.push(`${profile}: ${of.filter((r) => r.status === 'agree').length} / ${of.length} verdicts agree`);
  }
  out.push(`${results.length - judged.length} not compared`);
  process.stdout.write(`${out.join('\n')}\n`);
}
