/**
 * One invoice, from bytes to verdict, exactly as the validator service and the CLI run it:
 * intake (what the bytes are, decoded, guarded) → XSD of the detected format → the canonical
 * model and the EN 16931 rules. French public-sector rules need the buyer directory, so they
 * are applied afterwards by the caller (chorus/).
 */
import { Finding, isFatal } from '../finding.ts';
import type { InvoiceSummary } from '../events.ts';
import type { SchemaCatalog, XsdFinding } from '../xml/xsd.ts';
import { checkDocument } from './en16931.ts';
import { notUsedByProfile } from './facturx-not-used.ts';
import { keptByProfile } from './facturx-profiles.ts';
import { checkExtendedRules } from './rules/facturx-extended.ts';
import { intake, withoutLines, type FacturxProfile, type IntakeLimits } from './intake/index.ts';
import type { Invoice } from './model.ts';
import { summarize } from './summary.ts';

export interface InvoiceCheck {
  accepted: boolean;
  format?: 'ubl-invoice' | 'ubl-creditnote' | 'cii' | 'facturx';
  /** A PDF that gave no invoice: no format, but what was sent is known. */
  container?: 'pdf';
  /** Factur-X profile, or the schema the XML was validated against. */
  profile?: string;
  invoice?: Invoice;
  summary?: InvoiceSummary;
  findings: Finding[];
}

export function xsdFinding(f: XsdFinding): Finding {
  return {
    rule: f.level === 'fatal' ? 'XML-MALFORMED' : 'XSD',
    severity: f.level === 'warning' ? 'warning' : 'fatal',
    ...(f.path ? { location: f.path } : {}),
    line: f.line,
    column: f.column,
    message: f.message,
  };
}

/** MINIMUM and BASIC WL: why most EN 16931 rules were not applied. */
function profileNote(profile: FacturxProfile | undefined): Finding[] {
  if (!withoutLines(profile)) return [];
  return [
    Finding.parse({
      rule: 'FACTURX-PROFILE',
      severity: 'warning',
      term: 'BT-24',
      message: `Factur-X profile ${profile.toUpperCase()} carries no invoice lines: the PDF is the invoice, and its XML, which only summarises it, was checked against the EN 16931 rules Factur-X keeps for this profile`,
    }),
  ];
}

export function checkInvoice(bytes: Uint8Array, deps: { catalog: SchemaCatalog; limits?: Partial<IntakeLimits> }): InvoiceCheck {
  const doc = intake(bytes, deps.limits ?? {});
  if (!doc.ok) return { accepted: false, ...(doc.container ? { container: doc.container } : {}), findings: doc.findings };
  const base = { format: doc.format, ...(doc.profile ? { profile: doc.profile } : {}) };
  // The tree libxml2 parsed for the schema is the one the rules read: each document is parsed once.
  const checked = deps.catalog.validator(doc.schema).validateAndRead(doc.xmlBytes);
  const xsd = [...(doc.warnings ?? []), ...checked.findings.map(xsdFinding)];
  // The business rules assume a schema-valid document: on an invalid one they would only add noise.
  if (xsd.some(isFatal)) return { accepted: false, ...base, findings: xsd };
  const extended = doc.profile === 'extended';
  const { invoice, findings } = checkDocument(checked.root, doc.syntax, extended ? 'facturx-extended' : 'en16931');
  // The profiles' own rules: what MINIMUM, BASIC WL and EXTENDED do not use, EXTENDED's in place of EN 16931's.
  const notUsedIn = extended ? 'extended' : withoutLines(doc.profile) ? doc.profile : undefined;
  const own = [...(extended ? checkExtendedRules(invoice) : []), ...(notUsedIn && checked.root ? notUsedByProfile(notUsedIn, checked.root) : [])];
  const all = [...xsd, ...profileNote(doc.profile), ...keptByProfile(doc.profile, findings), ...own];
  const accepted = !all.some(isFatal);
  return { accepted, ...base, invoice, ...(accepted ? { summary: summarize(invoice) } : {}), findings: all };
}
