/**
 * The project's EN 16931 engine against the official Schematron (release 1.3.16, run by
 * Saxon-HE through scripts/oracle/oracle.sh), document by document, rule by rule: the set of
 * fatal rule ids and the set of warning ids must be the same. Compared: every BR-* rule, and the
 * syntax rules (UBL-SR, CII-DT, …) the engine reports somewhere in the corpus; the others (UBL-CR
 * warnings on elements outside the binding, …) are listed, not compared.
 *
 * The corpus: the 34 official examples, mutants of them (tests/conformance/mutants.ts; all of
 * them with ORACLE_CORPUS=full), the schema-valid ones among seeded random mutants of them
 * (tests/conformance/fuzz.ts, seed 1) and the fragments of the official UBL rule tests. The
 * oracle is checked first: nothing fatal in the examples, and what each rule test expects.
 *
 * Needs a JDK and Maven (the first run fetches Saxon-HE and SchXslt and compiles the
 * Schematron: about two minutes; then about half a minute). See docs/oracle.md.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../support/examples.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../support/paths.ts';
import { disagreements as disagreementsOf, engineFindings, fromOracle, type RuleDisagreement, type RuleHit } from './agreement.ts';
import { fuzzedOf, schemaValid } from './fuzz.ts';
import { mutantsOf, type Sample } from './mutants.ts';
import { runOracle, type OracleFinding } from './oracle.ts';
import { ruleTestsOf, type RuleExpectation } from './rule-tests.ts';

const FULL = process.env.ORACLE_CORPUS === 'full';
/** Mutants per mutation and syntax: about 750 documents; ORACLE_CORPUS=full takes them all. */
const MUTANTS_PER_MUTATION = FULL ? Infinity : 4;
/** Random mutants made, of which about 40 % are schema-valid and kept. */
const FUZZED = FULL ? 10_000 : 600;

/**
 * Disagreements accepted, each with its reason. The test fails on any other disagreement, and on
 * an entry that no longer matches any (remove it then).
 */
const ALLOWED: readonly { rule: string; documents: RegExp; reason: string }[] = [];

type Kind = 'examples' | 'mutants' | 'fuzzed' | 'rules-ubl';

interface Document extends Sample {
  kind: Kind;
  /** `examples/ubl/x.xml`, `mutants/cii/x~no-number.xml`, `rules-ubl/BR-06.xml#3`: also its path below the corpus folder. */
  id: string;
  expectations?: RuleExpectation[];
}

interface Disagreement extends RuleDisagreement {
  id: string;
}

function examples(): Document[] {
  return officialExamples().map(({ name, syntax, bytes }) => ({ kind: 'examples' as const, id: `examples/${syntax}/${name}`, name, syntax, xml: bytes.toString('utf8') }));
}

function ruleFragments(): Document[] {
  const dir = join(SAMPLES_DIR, 'en16931', 'rules-ubl');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .flatMap((file) => ruleTestsOf(file, readFileSync(join(dir, file), 'utf8')))
    .map((t) => ({ kind: 'rules-ubl' as const, id: `rules-ubl/${t.id}`, name: t.id, syntax: 'ubl' as const, xml: t.document, expectations: t.expectations }));
}

/** What the engine reports, or the exception it threw as a finding of its own. */
function engineHits(doc: Document): RuleHit[] {
  try {
    return engineFindings(doc.xml, doc.syntax);
  } catch (e) {
    return [{ rule: `ENGINE-THREW ${e instanceof Error ? e.message : String(e)}`, severity: 'fatal' }];
  }
}

/** Why the oracle does not do what a rule test expects, or undefined. */
function oracleMisses(expectation: RuleExpectation, findings: readonly OracleFinding[]): string | undefined {
  const fired = findings.filter((f) => f.id === expectation.rule);
  if (expectation.kind === 'success') return fired.length > 0 ? `${expectation.rule} fired` : undefined;
  const flag = expectation.kind === 'warning' ? 'warning' : 'fatal';
  if (!fired.some((f) => f.flag === flag)) return `${expectation.rule} did not fire as ${flag}`;
  if (expectation.times !== undefined && fired.length !== expectation.times) return `${expectation.rule} fired ${fired.length}×, not ${expectation.times}×`;
  return undefined;
}

describe('EN 16931 engine and the official Schematron agree', () => {
  const corpus: Document[] = [];
  const oracle = new Map<string, OracleFinding[]>();
  const engine = new Map<string, RuleHit[]>();
  /** Documents the Schematron stopped on (a dynamic error), left out of the corpus. */
  const unjudged: string[] = [];
  let folder = '';

  beforeAll(async () => {
    const base = examples();
    const mutants = mutantsOf(base, MUTANTS_PER_MUTATION).map((m) => ({ ...m, kind: 'mutants' as const, id: `mutants/${m.syntax}/${m.name}` }));
    const catalog = openSchemaCatalog(SCHEMA_DIR);
    const fuzzed = fuzzedOf(base, FUZZED, 1)
      .filter((m) => schemaValid(catalog, Buffer.from(m.xml)))
      .map((m) => ({ ...m, kind: 'fuzzed' as const, id: `fuzzed/${m.syntax}/${m.name}` }));
    corpus.push(...base, ...mutants, ...fuzzed, ...ruleFragments());
    folder = mkdtempSync(join(tmpdir(), 'oracle-corpus-'));
    for (const doc of corpus) {
      mkdirSync(dirname(join(folder, doc.id)), { recursive: true });
      writeFileSync(join(folder, doc.id), doc.xml);
    }
    const stopped = new Map<string, string>();
    const [ubl, cii] = await Promise.all(
      (['ubl', 'cii'] as const).map((syntax) => runOracle(corpus.filter((d) => d.syntax === syntax).map((d) => join(folder, d.id)), syntax, stopped)),
    );
    // A random mutant may repeat an element the Schematron expects once, and stop it: such a document has no verdict to agree with.
    const judged = corpus.filter((doc) => !stopped.has(join(folder, doc.id)));
    unjudged.push(...corpus.filter((doc) => stopped.has(join(folder, doc.id))).map((doc) => doc.id));
    corpus.splice(0, corpus.length, ...judged);
    for (const doc of corpus) {
      oracle.set(doc.id, (doc.syntax === 'ubl' ? ubl : cii)!.get(join(folder, doc.id)) ?? []);
      engine.set(doc.id, engineHits(doc));
    }
  }, 600_000);

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('has the 34 examples, hundreds of mutants and the 915 UBL rule tests', () => {
    const count = (kind: Kind) => corpus.filter((d) => d.kind === kind).length;
    expect(count('examples')).toBe(34);
    expect(count('mutants')).toBeGreaterThanOrEqual(FULL ? 2000 : 600);
    expect(count('fuzzed')).toBeGreaterThanOrEqual(FUZZED / 4);
    expect(count('rules-ubl')).toBe(915);
  });

  it('oracle: judges every document but random mutants', () => {
    expect(unjudged.filter((id) => !id.startsWith('fuzzed/'))).toEqual([]);
  });

  it('oracle: no fatal finding in the official examples', () => {
    const fatal = corpus.filter((d) => d.kind === 'examples').flatMap((d) => oracle.get(d.id)!.filter((f) => f.flag === 'fatal').map((f) => `${d.id}: ${f.id}`));
    expect(fatal).toEqual([]);
  });

  it('oracle: fires what each official UBL rule test expects', () => {
    const misses = corpus.flatMap((d) => (d.expectations ?? []).map((e) => oracleMisses(e, oracle.get(d.id)!)).filter((m) => m !== undefined).map((m) => `${d.id}: ${m}`));
    expect(misses).toEqual([]);
  });

  it('oracle: the mutants make over a hundred business rules fire', () => {
    const fired = new Set(corpus.filter((d) => d.kind === 'mutants').flatMap((d) => oracle.get(d.id)!.map((f) => f.id)));
    expect([...fired].filter((id) => id.startsWith('BR-')).length).toBeGreaterThan(100);
  });

  it('engine: the same fatal and warning rule ids as the oracle on every document', () => {
    const reported = new Set([...engine.values()].flat().map((f) => f.rule));
    const compared = (rule: string): boolean => rule.startsWith('BR-') || reported.has(rule);

    const disagreements: Disagreement[] = [];
    const uncompared = new Map<string, number>();
    for (const doc of corpus) {
      for (const d of disagreementsOf(fromOracle(oracle.get(doc.id)!), engine.get(doc.id)!, compared)) disagreements.push({ id: doc.id, ...d });
      for (const f of oracle.get(doc.id)!) if (!compared(f.id)) uncompared.set(f.id, (uncompared.get(f.id) ?? 0) + 1);
    }

    const allowedBy = (d: Disagreement) => ALLOWED.find((a) => a.rule === d.rule && a.documents.test(d.id));
    const unexpected = disagreements.filter((d) => !allowedBy(d));
    const stale = ALLOWED.filter((a) => !disagreements.some((d) => allowedBy(d) === a));
    printSummary(corpus, disagreements, uncompared, allowedBy);

    expect(unexpected.map((d) => `${d.id}: ${d.rule} (${d.severity}) ${d.by}`)).toEqual([]);
    expect(stale.map((a) => `${a.rule} on ${String(a.documents)} is allowed but agrees now: remove it from ALLOWED`)).toEqual([]);
  });
});

function printSummary(
  corpus: readonly Document[],
  disagreements: readonly Disagreement[],
  uncompared: ReadonlyMap<string, number>,
  allowedBy: (d: Disagreement) => { reason: string } | undefined,
): void {
  const failing = new Set(disagreements.map((d) => d.id));
  const kinds: Kind[] = ['examples', 'mutants', 'fuzzed', 'rules-ubl'];
  const lines = [
    `EN 16931 engine vs Schematron: ${corpus.length - failing.size} / ${corpus.length} documents agree (` +
      kinds.map((k) => `${k} ${corpus.filter((d) => d.kind === k && !failing.has(d.id)).length}/${corpus.filter((d) => d.kind === k).length}`).join(', ') +
      ')',
  ];
  const byRule = new Map<string, Disagreement[]>();
  for (const d of disagreements) {
    const key = `${d.rule} (${d.severity}, ${d.by})`;
    byRule.set(key, [...(byRule.get(key) ?? []), d]);
  }
  for (const [key, ds] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    const allowed = allowedBy(ds[0]!);
    lines.push(`  ${key}: ${ds.length} document(s)${allowed ? ' [allowed]' : ''}`, ...ds.map((d) => `    ${d.id}`));
  }
  if (uncompared.size > 0) {
    lines.push(`  not compared (the engine reports none of them): ${[...uncompared].sort().map(([id, n]) => `${id}×${n}`).join(' ')}`);
  }
  console.log(lines.join('\n'));
}
