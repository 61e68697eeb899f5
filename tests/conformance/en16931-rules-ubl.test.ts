/**
 * The official EN 16931 rule-level tests for UBL (VEFA testSet files, release 1.3.16): each
 * `<test>` holds a fragment Invoice and asserts that one rule fires (`error` fatal, `warning`),
 * fires n times (`number="n"`) or does not fire (`success`). The fragments' other failures are
 * not judged. Prints agreed / total and the disagreements per rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../domain/invoice/en16931.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { SAMPLES_DIR } from '../support/paths.ts';

const DIR = join(SAMPLES_DIR, 'en16931', 'rules-ubl');

/**
 * Cases this engine does not agree with, by `file#test number`, each with its reason. The suite
 * fails if one of them starts to agree (remove it then) or if any other case disagrees.
 */
const EXCLUDED: Readonly<Record<string, string>> = {};

interface Expectation {
  kind: 'error' | 'warning' | 'success';
  rule: string;
  times?: number;
}

interface Case {
  id: string;
  document: string;
  expectations: Expectation[];
}

function casesOf(file: string): Case[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const cases: Case[] = [];
  let n = 0;
  for (const [, body] of text.matchAll(/<test\b[^>]*>([\s\S]*?)<\/test>/g)) {
    n += 1;
    const assertEnd = body!.indexOf('</assert>');
    const assertion = body!.slice(0, assertEnd);
    const expectations = [...assertion.matchAll(/<(error|warning|success)(?:\s+number="(\d+)")?\s*>\s*([^<\s]+)\s*</g)].map(
      ([, kind, times, rule]): Expectation => ({
        kind: kind as Expectation['kind'],
        rule: rule!,
        ...(times ? { times: Number(times) } : {}),
      }),
    );
    const rest = body!.slice(assertEnd);
    const start = rest.search(/<(Invoice|CreditNote)\b/);
    const root = /<(Invoice|CreditNote)\b/.exec(rest)?.[1];
    const end = rest.lastIndexOf(`</${root}>`);
    cases.push({ id: `${file}#${n}`, document: rest.slice(start, end + root!.length + 3), expectations });
  }
  return cases;
}

/** Why a case disagrees, or undefined when it agrees. */
function disagreement(c: Case): string | undefined {
  const { findings } = checkDocument(readXmlTree(c.document).root, 'ubl');
  for (const e of c.expectations) {
    const fired = findings.filter((f) => f.rule === e.rule);
    const as = e.kind === 'warning' ? 'warning' : 'fatal';
    if (e.kind === 'success') {
      if (fired.length > 0) return `${e.rule} fired ${fired.length}× (expected not to fire)`;
    } else if (!fired.some((f) => f.severity === as)) {
      return `${e.rule} did not fire as ${as}${fired.length > 0 ? ` (fired as ${fired[0]!.severity})` : ''}`;
    } else if (e.times !== undefined && fired.length !== e.times) {
      return `${e.rule} fired ${fired.length}× (expected ${e.times}×)`;
    }
  }
  return undefined;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const results: { id: string; rule: string; problem: string | undefined }[] = [];

describe('EN 16931 official rule tests (UBL)', () => {
  it('finds all 206 test files', () => {
    expect(files).toHaveLength(206);
  });

  it.each(files)('%s', (file) => {
    const mine = casesOf(file).map((c) => ({ id: c.id, rule: c.expectations.map((e) => e.rule).join('+'), problem: disagreement(c) }));
    results.push(...mine);
    for (const { id, problem } of mine) {
      if (id in EXCLUDED) expect(problem, `${id} is excluded but now agrees: remove it from EXCLUDED`).toBeDefined();
      else expect(problem, id).toBeUndefined();
    }
  });

  afterAll(() => {
    const failed = results.filter((r) => r.problem !== undefined);
    console.log(`EN 16931 UBL rule tests: ${results.length - failed.length} / ${results.length} agreed`);
    const byRule = new Map<string, string[]>();
    for (const r of failed) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), `${r.id}: ${r.problem}`]);
    for (const [rule, problems] of byRule) console.log(`  ${rule}: ${problems.length} disagreement(s)\n    ${problems.join('\n    ')}`);
  });
});
