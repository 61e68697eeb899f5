/**
 * The official EN 16931 rule-level tests (VEFA testSet files, release 1.3.16): each `<test>`
 * holds a fragment Invoice or CreditNote and asserts that one rule fires (`error` fatal,
 * `warning`), fires n times (`number="n"`), or does not fire (`success`).
 */

export interface RuleExpectation {
  kind: 'error' | 'warning' | 'success';
  rule: string;
  times?: number;
}

export interface RuleTest {
  /** `file#n`: the n-th `<test>` of the file, from 1. */
  id: string;
  /** The fragment, a document of its own (its namespaces are declared on its root). */
  document: string;
  expectations: RuleExpectation[];
}

/** The tests of one testSet file, given its name and text. */
export function ruleTestsOf(file: string, text: string): RuleTest[] {
  const tests: RuleTest[] = [];
  let n = 0;
  for (const [, body = ''] of text.matchAll(/<test\b[^>]*>([\s\S]*?)<\/test>/g)) {
    n += 1;
    const assertEnd = body.indexOf('</assert>');
    const expectations = [...body.slice(0, assertEnd).matchAll(/<(error|warning|success)(?:\s+number="(\d+)")?\s*>\s*([^<\s]+)\s*</g)].map(
      ([, kind, times, rule = '']): RuleExpectation => ({
        kind: kind as RuleExpectation['kind'],
        rule,
        ...(times ? { times: Number(times) } : {}),
      }),
    );
    const rest = body.slice(assertEnd);
    const root = /<(Invoice|CreditNote)\b/.exec(rest);
    if (!root) continue;
    const end = rest.lastIndexOf(`</${root[1]}>`) + root[1]!.length + 3;
    tests.push({ id: `${file}#${n}`, document: rest.slice(root.index, end), expectations });
  }
  return tests;
}
