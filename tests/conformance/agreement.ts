/**
 * What "the engine agrees with the Schematron" means, for one document: the same set of fatal
 * rule ids and the same set of warning ids. How many times a rule fires, and where, is not part
 * of it (the two walk the document differently). Shared by the agreement test and
 * scripts/oracle/compare.ts.
 */
import type { Finding } from '../../domain/finding.ts';
import { checkDocument } from '../../domain/invoice/en16931.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import type { OracleFinding } from './oracle.ts';

/**
 * The engine's findings on an XML document, read as the EN 16931 Schematron reads it: as plain
 * EN 16931 (no Factur-X EXTENDED reading), from the tree the XSD stage's parser builds.
 */
export const engineFindings = (xml: string | Uint8Array, syntax: 'ubl' | 'cii'): Finding[] => checkDocument(readXmlTree(xml).root, syntax, 'en16931').findings;

export interface RuleHit {
  rule: string;
  severity: Finding['severity'];
}

export interface RuleDisagreement extends RuleHit {
  /** Which side reports it. */
  by: 'oracle only' | 'engine only';
}

export const fromOracle = (findings: readonly OracleFinding[]): RuleHit[] => findings.map((f) => ({ rule: f.id, severity: f.flag }));

/** Every rule id and severity one side reports and the other does not, among the `compared` rules. */
export function disagreements(oracle: readonly RuleHit[], engine: readonly RuleHit[], compared: (rule: string) => boolean = () => true): RuleDisagreement[] {
  const set = (hits: readonly RuleHit[]) => new Set(hits.filter((h) => compared(h.rule)).map((h) => `${h.severity} ${h.rule}`));
  const theirs = set(oracle);
  const ours = set(engine);
  const missing = (a: Set<string>, b: Set<string>, by: RuleDisagreement['by']): RuleDisagreement[] =>
    [...a]
      .filter((key) => !b.has(key))
      .map((key) => {
        const [severity, rule] = key.split(' ', 2) as [Finding['severity'], string];
        return { rule, severity, by };
      });
  return [...missing(theirs, ours, 'oracle only'), ...missing(ours, theirs, 'engine only')];
}
