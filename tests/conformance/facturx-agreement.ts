/**
 * The validator against Factur-X's own Schematron (release 1.09.2, one per profile; see
 * scripts/oracle/oracle.sh), on Factur-X CII. The EN 16931 Schematron is the oracle of the rules
 * (agreement.ts); this one shows where Factur-X's profiles judge otherwise: the rules MINIMUM and
 * BASIC WL keep, EXTENDED's tolerances (BR-FXEXT-*) and Factur-X's own checks (FX-SCH-*).
 *
 * Each XML is judged by the validator as the attachment of a Factur-X PDF (what `checkInvoice`
 * does with such a PDF), and by the Schematron of the profile it declares.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFatal } from '../../domain/finding.ts';
import { buildPdf, flateFile } from '../../domain/invoice/intake/hostile.ts';
import type { FacturxProfile } from '../../domain/invoice/intake/index.ts';
import { profileOf } from '../../domain/invoice/intake/profile.ts';
import { checkInvoice } from '../../domain/invoice/validate.ts';
import type { SchemaCatalog } from '../../domain/xml/xsd.ts';
import { runOracle, type FacturxRules } from './oracle.ts';

const RULES: Partial<Record<FacturxProfile, FacturxRules>> = {
  minimum: 'MINIMUM',
  basicwl: 'BASIC-WL',
  basic: 'BASIC',
  en16931: 'EN16931',
  extended: 'EXTENDED',
};

/** BR-FXEXT-CO-10 → BR-CO-10, BR-FXEXT-S-08ini / S08b → BR-S-08, BR-FXEXT-BR-22 → BR-22; Factur-X's own ids as they are. */
export function asEn16931(id: string): string {
  const m = /^BR-FXEXT-(?:BR-(\d+)|([A-Z]+)-?(\d+)(?:ini|rev|b)?)$/.exec(id);
  if (!m) return id;
  return m[1] ? `BR-${m[1]}` : `BR-${m[2]}-${m[3]}`;
}

export interface Judged {
  name: string;
  profile: FacturxRules;
  status: 'agree' | 'disagree';
  /** The error ids each side reports (the Schematron's as asEn16931 writes them; an assert without id by its text). */
  engine: string[];
  schematron: string[];
}
export type FacturxOutcome = Judged | { name: string; status: 'not compared'; reason: string };

/** Both verdicts on each document that declares a Factur-X profile and that its XSD accepts. */
export async function facturxAgreement(docs: readonly { name: string; xml: string }[], catalog: SchemaCatalog): Promise<FacturxOutcome[]> {
  const outcomes: FacturxOutcome[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'facturx-agreement-'));
  const compared: { name: string; profile: FacturxRules; copy: string; engine: string[] }[] = [];
  try {
    for (const { name, xml } of docs) {
      const profile = RULES[profileOf(xml).profile ?? 'xrechnung'];
      if (profile === undefined) {
        outcomes.push({ name, status: 'not compared', reason: 'declares no Factur-X profile' });
        continue;
      }
      const check = checkInvoice(buildPdf({ files: [flateFile('factur-x.xml', xml)] }), { catalog });
      // The Schematron assumes a schema-valid document.
      const xsd = check.findings.find((f) => isFatal(f) && (f.rule === 'XSD' || f.rule === 'XML-MALFORMED'));
      if (xsd) {
        outcomes.push({ name, status: 'not compared', reason: `${profile} XSD: line ${xsd.line ?? '?'}: ${xsd.message}` });
        continue;
      }
      const copy = join(folder, `${compared.length}.xml`);
      writeFileSync(copy, xml);
      compared.push({ name, profile, copy, engine: [...new Set(check.findings.filter(isFatal).map((f) => f.rule))].sort() });
    }
    for (const profile of new Set(compared.map((d) => d.profile))) {
      const of = compared.filter((d) => d.profile === profile);
      process.stderr.write(`running Factur-X's ${profile} Schematron on ${of.length} document(s)…\n`);
      const stopped = new Map<string, string>();
      const oracle = await runOracle(of.map((d) => d.copy), { facturx: profile }, stopped);
      for (const d of of) {
        const reason = stopped.get(d.copy);
        if (reason !== undefined) {
          outcomes.push({ name: d.name, status: 'not compared', reason: `the Schematron stopped on it: ${reason}` });
          continue;
        }
        const schematron = [...new Set((oracle.get(d.copy) ?? []).filter((f) => f.flag === 'fatal').map((f) => asEn16931(f.id || f.text)))].sort();
        const agree = (d.engine.length === 0) === (schematron.length === 0);
        outcomes.push({ name: d.name, profile, status: agree ? 'agree' : 'disagree', engine: d.engine, schematron });
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return outcomes;
}
