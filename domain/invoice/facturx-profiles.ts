/**
 * Which EN 16931 rules a Factur-X profile keeps, as its own Schematron (1.09.2) has them.
 *
 * The profiles without lines, MINIMUM and BASIC WL: their XML only summarises the PDF, which is
 * the invoice, so the EN 16931 rules do not apply to them as a whole. These are the rules
 * Factur-X's own Schematrons keep for each (as FNFE-MPE and FeRD publish them, labelled by EN
 * 16931 rule id; MINIMUM's VAT category rules went in 1.09.2), among those the engine reports;
 * the code lists (BR-CL-*) hold for whatever the XML carries. Of the Schematrons' other checks,
 * the cardinalities are their profiles' XSDs' too, and the elements they mark as not used are in
 * facturx-not-used.ts.
 *
 * EXTENDED: every rule but the few its Schematron does not have, and the totals, which it checks
 * with a tolerance (rules/facturx-extended.ts). tests/conformance/facturx-oracle.test.ts
 * compares the verdicts with that Schematron's.
 */
import type { Finding } from '../finding.ts';
import { withoutLines, type FacturxProfile, type ProfileWithoutLines } from './intake/index.ts';
import { REPLACED_IN_EXTENDED } from './rules/facturx-extended.ts';

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}-${String(from + k).padStart(2, '0')}`);
const each = (families: readonly string[], numbers: readonly number[]): string[] => families.flatMap((f) => numbers.map((n) => `${f}-${String(n).padStart(2, '0')}`));

const MINIMUM = [...range('BR', 1, 9), ...range('BR', 13, 15), ...['BR-DEC-12', 'BR-DEC-13', 'BR-DEC-14', 'BR-DEC-18', 'BR-CO-09', 'BR-CO-26']];

const BASIC_WL = [
  ...range('BR', 1, 15),
  ...['BR-17', 'BR-18', 'BR-19', 'BR-20', 'BR-29', 'BR-31', 'BR-32', 'BR-33', 'BR-36', 'BR-37', 'BR-38'],
  ...['BR-45', 'BR-46', 'BR-47', 'BR-48', 'BR-49', 'BR-50', 'BR-53', 'BR-55', 'BR-56', 'BR-57', 'BR-61', 'BR-62', 'BR-63'],
  ...each(['BR-CO'], [3, 5, 6, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 26]),
  ...['BR-DEC-01', 'BR-DEC-02', 'BR-DEC-05', 'BR-DEC-06', ...range('BR-DEC', 9, 20)],
  ...each(['BR-S', 'BR-Z', 'BR-AE', 'BR-E', 'BR-G', 'BR-IC', 'BR-AF', 'BR-AG', 'BR-O'], [3, 4, 6, 7, 9, 10]),
  ...['BR-IC-11', 'BR-IC-12', 'BR-O-11', 'BR-O-13', 'BR-O-14'],
  ...range('CII-SR', 463, 473),
];

const KEPT: Record<ProfileWithoutLines, ReadonlySet<string>> = { minimum: new Set(MINIMUM), basicwl: new Set(BASIC_WL) };

/**
 * EN 16931 rules that Factur-X's EXTENDED Schematron (1.09.2) does not have, nor any rule in
 * their place: negative item prices, and an exemption reason on a standard, zero, IGIC or IPSI
 * rate breakdown, are allowed in EXTENDED.
 */
const NOT_IN_EXTENDED: ReadonlySet<string> = new Set(['BR-27', 'BR-28', 'BR-S-10', 'BR-Z-10', 'BR-AF-10', 'BR-AG-10']);

/**
 * The CII syntax rules Factur-X's EXTENDED Schematron keeps, as errors: dates written YYYYMMDD,
 * one charge indicator, VAT category and rate per allowance or charge, one payment means code…
 * CII-SR-465 and -466 (one contact name) are warnings in EN 16931 and errors there.
 */
const SYNTAX_KEPT_BY_EXTENDED: ReadonlySet<string> = new Set(['CII-DT-097', 'CII-SR-463', 'CII-SR-465', 'CII-SR-466', 'CII-SR-467', 'CII-SR-468', 'CII-SR-469', 'CII-SR-471', 'CII-SR-472', 'CII-SR-473']);

/**
 * Factur-X EXTENDED is EN 16931 *conformant*: it adds elements the EN 16931 CII syntax rules
 * (CII-SR, CII-DT: "shall not be used") forbid. For that profile those rules report, not reject,
 * but those it keeps.
 */
function extensionTolerated(f: Finding): Finding {
  if (SYNTAX_KEPT_BY_EXTENDED.has(f.rule)) return f.severity === 'fatal' ? f : { ...f, severity: 'fatal', message: `${f.message} (an error in Factur-X EXTENDED)` };
  if (f.severity !== 'fatal' || !/^CII-(SR|DT)-/.test(f.rule)) return f;
  return { ...f, severity: 'warning', message: `${f.message} (allowed in Factur-X EXTENDED)` };
}

/**
 * The findings of the rules the profile keeps: all of them for a profile with lines, but those
 * EXTENDED does not have, and the totals EXTENDED checks its own way
 * (rules/facturx-extended.ts); for EXTENDED, the CII syntax rules it does not keep as warnings.
 */
export function keptByProfile(profile: FacturxProfile | undefined, findings: readonly Finding[]): Finding[] {
  if (profile === 'extended') return findings.filter((f) => !NOT_IN_EXTENDED.has(f.rule) && !REPLACED_IN_EXTENDED.includes(f.rule)).map(extensionTolerated);
  if (!withoutLines(profile)) return [...findings];
  const kept = KEPT[profile];
  return findings.filter((f) => kept.has(f.rule) || f.rule.startsWith('BR-CL-'));
}
