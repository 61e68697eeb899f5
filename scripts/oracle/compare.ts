/**
 * The EN 16931 engine against the official Schematron on any invoices you have: the same check
 * as tests/conformance/oracle-agreement.test.ts, for files outside the repository.
 *
 *   node_modules/.bin/node scripts/oracle/compare.ts <files or folders…> [--json] [--mutants]
 *
 * Each file goes through the validator's intake (UBL, CII, or the XML of a Factur-X PDF) and
 * XSD. On every schema-valid one, the engine and the Schematron must report the same fatal and
 * warning rule ids. Schema-invalid files are listed with their first schema error: the validator
 * rejects them before any business rule, so the rules are not compared on them. Files intake
 * refuses (not an e-invoice, hostile, unreadable) are listed with its reason. With --mutants,
 * every mutation of the agreement test's corpus (tests/conformance/mutants.ts) is also applied
 * to each schema-valid file, and the mutants are compared too (mutants need not be
 * schema-valid: the point is to make rules fire; a mutant that is no XML at all, a mutation's
 * prefix unbound in that document, is counted and left out). A document the Schematron stops on
 * (a dynamic XPath error) has no verdict and is listed as such. Exit status 1 when a compared
 * document disagrees.
 * Needs a JDK and Maven (see docs/oracle.md).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { filesUnder } from '../../cli/files.ts';
import { cliCatalog } from '../../cli/commands/schemas.ts';
import { progress } from '../../cli/commands/types.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { intake } from '../../domain/invoice/intake/index.ts';
import { xsdFinding } from '../../domain/invoice/validate.ts';
import { isFatal } from '../../domain/finding.ts';
import { disagreements, engineFindings, fromOracle, type RuleDisagreement } from '../../tests/conformance/agreement.ts';
import { mutantsOf } from '../../tests/conformance/mutants.ts';
import { runOracle } from '../../tests/conformance/oracle.ts';

type Outcome =
  | { file: string; status: 'refused at intake'; reason: string }
  | { file: string; status: 'schema-invalid'; format: string; reason: string }
  | { file: string; status: 'no verdict'; format: string; reason: string }
  | { file: string; status: 'agree' | 'disagree'; format: string; syntax: 'ubl' | 'cii'; fired: string[]; disagreements: RuleDisagreement[] };

const LABEL: Record<Extract<Outcome, { reason: string }>['status'], string> = { 'schema-invalid': 'XSD-FAIL', 'refused at intake': 'INTAKE  ', 'no verdict': 'NO-VERDICT' };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, mutants: { type: 'boolean', default: false } } });
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/oracle/compare.ts <files or folders…> [--json] [--mutants]\n');
  process.exit(2);
}

const catalog = cliCatalog();
const folder = mkdtempSync(join(tmpdir(), 'oracle-compare-'));
const files = filesUnder(positionals);
const tick = progress('intake and schema');

/** Documents to compare, written out as XML (a Factur-X PDF's attachment) for the oracle. */
const compared: { file: string; format: string; syntax: 'ubl' | 'cii'; xml: string; copy: string }[] = [];
const toCompare = (file: string, format: string, syntax: 'ubl' | 'cii', xml: string): void => {
  const copy = join(folder, `${compared.length}.xml`);
  writeFileSync(copy, xml);
  compared.push({ file, format, syntax, xml, copy });
};
const outcomes = new Map<string, Outcome>();
files.forEach((file, i) => {
  tick(i + 1, files.length);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    outcomes.set(file, { file, status: 'refused at intake', reason: `FILE-UNREADABLE: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const doc = intake(bytes, {});
  if (!doc.ok) {
    outcomes.set(file, { file, status: 'refused at intake', reason: `${doc.findings[0]!.rule}: ${doc.findings[0]!.message}` });
    return;
  }
  const format = doc.profile ? `${doc.format} ${doc.profile}` : doc.format;
  const schemaError = catalog.validator(doc.schema).validate(doc.xmlBytes).map(xsdFinding).find(isFatal);
  if (schemaError) {
    outcomes.set(file, { file, status: 'schema-invalid', format, reason: `line ${schemaError.line ?? '?'}: ${schemaError.message}` });
    return;
  }
  toCompare(file, format, doc.syntax, doc.xml);
});
/** Mutants a mutation made into no XML at all: one that inserts `cbc:…` where the document binds that namespace to another prefix, say. */
let notXml = 0;
if (values.mutants) {
  const originals = compared.map((d) => ({ name: d.file, syntax: d.syntax, xml: d.xml }));
  for (const m of mutantsOf(originals)) {
    if (readXmlTree(m.xml).root === undefined) notXml++;
    else toCompare(m.name, `${m.syntax} mutant`, m.syntax, m.xml);
  }
}

try {
  for (const syntax of ['ubl', 'cii'] as const) {
    const docs = compared.filter((d) => d.syntax === syntax);
    if (docs.length === 0) continue;
    process.stderr.write(`running the Schematron on ${docs.length} ${syntax.toUpperCase()} document(s)…\n`);
    const unjudged = new Map<string, string>();
    const oracle = await runOracle(docs.map((d) => d.copy), syntax, unjudged);
    for (const d of docs) {
      const stopped = unjudged.get(d.copy);
      if (stopped !== undefined) {
        outcomes.set(d.file, { file: d.file, status: 'no verdict', format: d.format, reason: `the Schematron stopped on it: ${stopped}` });
        continue;
      }
      const theirs = fromOracle(oracle.get(d.copy) ?? []);
      const differ = disagreements(theirs, engineFindings(d.xml, syntax));
      const fired = [...new Set(theirs.map((h) => `${h.rule}${h.severity === 'warning' ? ' (warning)' : ''}`))].sort();
      outcomes.set(d.file, { file: d.file, status: differ.length === 0 ? 'agree' : 'disagree', format: d.format, syntax, fired, disagreements: differ });
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

// Files in the order given, then the mutants.
const results = [...files.map((f) => outcomes.get(f)!), ...[...outcomes.values()].filter((o) => !files.includes(o.file))];
if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else report(results);
process.exitCode = results.some((r) => r.status === 'disagree') ? 1 : 0;

function report(results: readonly Outcome[]): void {
  const out: string[] = [];
  for (const r of results) {
    if ('reason' in r) out.push(`${LABEL[r.status]} ${r.file}: ${r.reason}`);
    else {
      out.push(`${r.status === 'agree' ? 'AGREE   ' : 'DISAGREE'} ${r.file} (${r.format}; Schematron: ${r.fired.join(', ') || 'nothing'})`);
      for (const d of r.disagreements) out.push(`    ${d.rule} (${d.severity}): ${d.by}`);
    }
  }
  const count = (s: Outcome['status']) => results.filter((r) => r.status === s).length;
  out.push(
    `${count('agree')} / ${count('agree') + count('disagree')} compared document(s) agree; ${count('schema-invalid')} schema-invalid (not compared); ${count('refused at intake')} refused at intake (not an e-invoice, or a hostile or unreadable file)` +
      `; ${count('no verdict')} without a Schematron verdict${values.mutants ? `; ${notXml} mutant(s) not XML (not compared)` : ''}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
