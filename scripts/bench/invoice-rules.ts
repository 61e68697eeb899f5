/**
 * EN 16931 check speed: `checkDocument` (read + rules, on the element tree the XSD stage read)
 * over the official examples (UBL and CII, up to 40 KB), repeated; and where the time goes, each
 * phase timed alone on the previous phase's output: model read, business rules on the model, and
 * the checks bound to XML elements (code lists, syntax rules). Parsing is the XSD stage's
 * (scripts/bench/validate.ts).
 *
 *   node_modules/.bin/node scripts/bench/invoice-rules.ts
 *
 * Writes the "EN 16931 check" section of BENCHMARKS.md.
 */
import type { Finding } from '../../domain/finding.ts';
import { checkDocument, checkSyntaxRules } from '../../domain/invoice/en16931.ts';
import type { Invoice } from '../../domain/invoice/model.ts';
import { checkRules } from '../../domain/invoice/rules/index.ts';
import { readCii } from '../../domain/invoice/syntax/cii.ts';
import { readUbl, ublRoot } from '../../domain/invoice/syntax/ubl.ts';
import type { XmlElement } from '../../domain/xml/tree.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { allocatedBytesEach, cpuMicrosEach, machine, measure, RUNS, writeSection } from './bench-report.ts';
import { officialExamples } from '../../tests/support/examples.ts';

const MAX_BYTES = 40_000;

const examples = officialExamples(MAX_BYTES);
const totalBytes = examples.reduce((s, d) => s + d.bytes.byteLength, 0);
const trees = examples.map((d) => ({ syntax: d.syntax, root: readXmlTree(d.bytes).root! }));
const read = (t: { syntax: 'ubl' | 'cii'; root: XmlElement }): Invoice => (t.syntax === 'ubl' ? readUbl(t.root, ublRoot(t.root)!) : readCii(t.root));
const models = trees.map(read);
const syntaxChecks = (t: { syntax: 'ubl' | 'cii'; root: XmlElement }) => {
  const out: Finding[] = [];
  checkSyntaxRules(t.root, t.syntax, out);
  return out;
};

const measures = {
  total: measure(trees, (t) => checkDocument(t.root, t.syntax)),
  'model read': measure(trees, read),
  'business rules on the model': measure(models, checkRules),
  'code lists and syntax rules on the XML': measure(trees, syntaxChecks),
};
const { total, ...phases } = cpuMicrosEach(measures);
const allocated = allocatedBytesEach(measures);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const avgKb = totalBytes / examples.length / 1000;
const body = `
Command: \`node_modules/.bin/node scripts/bench/invoice-rules.ts\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}, one core used.
Documents: the ${examples.length} official EN 16931 examples of at most ${MAX_BYTES / 1000} KB (UBL and CII, ${fmt(avgKb, 1)} KB on average), each figure the fastest of ${RUNS} runs of 0.5 s of CPU time.

| measure | CPU µs per invoice | invoices/s per core | MB/s | KB allocated per invoice |
|---|---:|---:|---:|---:|
| \`checkDocument\` (all of it) | ${fmt(total, 1)} | ${fmt(1e6 / total)} | ${fmt(avgKb / 1000 / (total / 1e6), 1)} | ${fmt(allocated.total / 1024, 1)} |
${Object.entries(phases)
  .map(([name, us]) => `| ${name} | ${fmt(us, 1)} | ${fmt(1e6 / us)} | ${fmt(avgKb / 1000 / (us / 1e6), 1)} | ${fmt(allocated[name as keyof typeof phases] / 1024, 1)} |`)
  .join('\n')}

KB allocated is V8 heap per invoice, each phase alone on the previous phase's output (bench-report.ts \`allocatedBytesEach\`): garbage the check makes, which the young generation's collections and the CPU caches pay for. Unlike the times, it does not move with this machine's load.
`;
writeSection('EN 16931 check (read + rules)', body);
process.stdout.write(body);
