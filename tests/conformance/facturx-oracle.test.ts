/**
 * The validator against Factur-X's own Schematron (tests/conformance/facturx-agreement.ts) on the
 * Factur-X reference PDFs and all their mutants. The EN 16931 Schematron is the oracle the rules
 * follow (oracle-agreement.test.ts); where Factur-X's profiles judge otherwise, the difference is
 * listed here with its reason, and any other difference fails the test.
 *
 * Needs a JDK and Maven: the first run fetches Mustang's validator jar, which carries the
 * Schematrons, and compiles one per profile (about a minute). See docs/oracle.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../../domain/invoice/intake/index.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { notUsedXpaths } from '../../domain/invoice/facturx-not-used.ts';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../support/paths.ts';
import { facturxAgreement, type FacturxOutcome } from './facturx-agreement.ts';
import { mutantsOf } from './mutants.ts';

/**
 * Where the verdicts differ, by mutation (and profile): in each, the validator follows the EN 16931
 * artefacts where Factur-X's text of the same rule judges otherwise.
 */
const KNOWN: readonly { documents: RegExp; reason: string }[] = [
  {
    documents: /~negative-zero-charge-total\.xml$/,
    reason: 'BR-CO-12 on a charge total of -0.00: the EN 16931 Schematron fires, as the validator does; Factur-X’s text of the rule does not',
  },
  { documents: /invoice_EN16931\.pdf~long-period-start\.xml$/, reason: 'CII-DT-097, an EN 16931 syntax rule that Factur-X’s EN16931 Schematron does not have' },
];

let outcomes: FacturxOutcome[] = [];

beforeAll(async () => {
  const dir = join(SAMPLES_DIR, 'facturx');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .flatMap((name) => {
      const doc = intake(readFileSync(join(dir, name)), {});
      return doc.ok && doc.syntax === 'cii' ? [{ name, syntax: 'cii' as const, xml: doc.xml }] : [];
    });
  outcomes = await facturxAgreement([...docs, ...mutantsOf(docs)], openSchemaCatalog(SCHEMA_DIR));
}, 600_000);

describe("the validator against Factur-X's own Schematron", () => {
  it('compares the reference PDFs of every profile and hundreds of their mutants', () => {
    const profiles = new Set(outcomes.flatMap((o) => (o.status === 'not compared' ? [] : [o.profile])));
    expect([...profiles].sort()).toEqual(['BASIC', 'BASIC-WL', 'EN16931', 'EXTENDED', 'MINIMUM']);
    expect(outcomes.filter((o) => o.status !== 'not compared').length).toBeGreaterThan(400);
  });

  it('lists for MINIMUM, BASIC WL and EXTENDED exactly what their Schematrons mark as not used', () => {
    // oracle.sh unpacked the Schematrons next to their compiled stylesheets.
    const cache = join(ROOT, 'var', 'oracle');
    const unpacked = readdirSync(cache).find((d) => d.startsWith('facturx-'));
    const bare = (xpath: string) => xpath.replaceAll('&quot;', '"').replace(/\s+/g, '');
    for (const [profile, file] of [
      ['minimum', 'MINIMUM'],
      ['basicwl', 'BASIC-WL'],
      ['extended', 'EXTENDED'],
    ] as const) {
      const sch = readFileSync(join(cache, unpacked ?? '', 'schematron', 'ZF_250', `FACTUR-X_${file}.sch`), 'utf8');
      const reports = [...sch.matchAll(/<rule context="\/rsm:CrossIndustryInvoice\/([^"]*)">([\s\S]*?)<\/rule>/g)].flatMap(([, context, body]) =>
        [...(body ?? '').matchAll(/<report test="([^"]*)"/g)].map(([, test]) => bare(test === 'true()' ? `${context}` : `${context}/${test}`)),
      );
      expect(notUsedXpaths(profile).map(bare).sort(), file).toEqual(reports.sort());
    }
  });

  it('agrees on every verdict but the listed ones, each of which still differs', () => {
    const differ = outcomes.filter((o) => o.status === 'disagree');
    const unexplained = differ.filter((o) => !KNOWN.some((k) => k.documents.test(o.name))).map((o) => `${o.name}: ${JSON.stringify(o)}`);
    expect(unexplained).toEqual([]);
    const stale = KNOWN.filter((k) => !differ.some((o) => k.documents.test(o.name))).map((k) => k.reason);
    expect(stale).toEqual([]);
  });
});
