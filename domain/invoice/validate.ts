/**
 * One invoice, from bytes to verdict, exactly as the validator service and the CLI run it:
 * intake (what the bytes are, decoded, guarded) → XSD of the detected format → the canonical
 * model and the EN 16931 rules. French public-sector rules need the buyer directory, so they
 * are applied afterwards by the caller (chorus/).
 */
import { Finding, isFatal } from '../finding.ts';
import type { InvoiceSummary } from '../events.ts';
import type { XmlElement } from '../xml/tree.ts';
import type { SchemaCatalog, XsdFinding, XsdRead } from '../xml/xsd.ts';
import { checkDocuments } from './en16931.ts';
import { notUsedByProfile } from './facturx-not-used.ts';
import { keptByProfile } from './facturx-profiles.ts';
import { checkExtendedRules } from './rules/facturx-extended.ts';
import { depthFailure, intake, IntakeLimits, withoutLines, type FacturxProfile, type IntakeResult, type IntakeSuccess } from './intake/index.ts';
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

export interface CheckDeps {
  catalog: SchemaCatalog;
  limits?: Partial<IntakeLimits>;
}

/**
 * How many invoices, and at most how many bytes of them, callers check together by default. Once
 * the rules ran phase by phase, batches of 64 took 4 % off the CPU of batches of 32 (median turn
 * of three interleaved probes; 128 gained no more); 8 MiB bounds the trees held at once.
 */
export const CHECK_BATCH = { invoices: 64, bytes: 8 * 1024 * 1024 } as const;

export function checkInvoice(bytes: Uint8Array, deps: CheckDeps): InvoiceCheck {
  return checkInvoices([bytes], deps)[0]!;
}

/**
 * Several invoices, each judged exactly as alone, but stage by stage: the intake of all, then
 * their XSD, then their rules (themselves phase by phase). One invoice at a time, libxml2 and the
 * rules evict each other's code and data from the CPU's caches at every turn; a batch keeps each
 * stage's warm across it, which takes about a tenth off the CPU per invoice (BENCHMARKS.md,
 * "Invoice validation"). The trees of the whole batch are held until its rules have run: callers
 * bound its bytes.
 */
export function checkInvoices(batch: readonly Uint8Array[], deps: CheckDeps): InvoiceCheck[] {
  const limits = IntakeLimits.parse(deps.limits ?? {});
  // The XSD engine's parser bounds nesting itself: how deep a document nests is checked on the
  // tree it read, or, when the parse failed, by intake's scan (the same verdict either way).
  const docs = batch.map((bytes) => intake(bytes, limits, { depthAfterParse: true }));
  // The tree libxml2 parsed for the schema is the one the rules read: each document is parsed once.
  const read = docs.map((doc) => (doc.ok ? deps.catalog.validator(doc.schema).validateAndRead(doc.xmlBytes) : undefined));
  const checks: (InvoiceCheck | ToRules)[] = docs.map((doc, i) => {
    // No tree: the parse failed, perhaps on nesting.
    const depth = read[i]?.depth ?? Infinity;
    const tooDeep = doc.ok && doc.depthUnchecked && depth > limits.maxDepth ? depthFailure(doc, limits) : undefined;
    const taken = tooDeep ?? doc;
    return taken.ok ? afterXsd(taken, read[i]!) : rejected(taken);
  });
  // The EN 16931 rules of all the schema-valid documents, phase by phase (en16931.ts checkDocuments).
  const toRules = checks.filter((c): c is ToRules => 'doc' in c);
  const ruled = checkDocuments(toRules.map((c) => ({ root: c.root, syntax: c.doc.syntax, reading: c.doc.profile === 'extended' ? 'facturx-extended' : 'en16931' })));
  let next = 0;
  return checks.map((c) => ('doc' in c ? afterRules(c, ruled[next++]!) : c));
}

const rejected = (doc: Exclude<IntakeResult, IntakeSuccess>): InvoiceCheck => ({
  accepted: false,
  ...(doc.container ? { container: doc.container } : {}),
  findings: doc.findings,
});

/** A document the schema found no fatal fault in, on its way to the rules. */
interface ToRules {
  readonly doc: IntakeSuccess;
  readonly root: XmlElement | undefined;
  readonly xsd: Finding[];
}

/** The verdict on a document intake took, when the XSD stage decides it; else what the rules need. */
function afterXsd(doc: IntakeSuccess, checked: XsdRead): InvoiceCheck | ToRules {
  const xsd = [...(doc.warnings ?? []), ...checked.findings.map(xsdFinding)];
  // The business rules assume a schema-valid document: on an invalid one they would only add noise.
  if (xsd.some(isFatal)) return { accepted: false, ...verdictBase(doc), findings: xsd };
  return { doc, root: checked.root, xsd };
}

const verdictBase = (doc: IntakeSuccess) => ({ format: doc.format, ...(doc.profile ? { profile: doc.profile } : {}) });

/** The verdict, once the EN 16931 rules have run: with the profiles' own rules. */
function afterRules({ doc, root, xsd }: ToRules, { invoice, findings }: { invoice: Invoice; findings: Finding[] }): InvoiceCheck {
  const extended = doc.profile === 'extended';
  // The profiles' own rules: what MINIMUM, BASIC WL and EXTENDED do not use, EXTENDED's in place of EN 16931's.
  const notUsedIn = extended ? 'extended' : withoutLines(doc.profile) ? doc.profile : undefined;
  const own = [...(extended ? checkExtendedRules(invoice) : []), ...(notUsedIn && root ? notUsedByProfile(notUsedIn, root) : [])];
  const all = [...xsd, ...profileNote(doc.profile), ...keptByProfile(doc.profile, findings), ...own];
  const accepted = !all.some(isFatal);
  return { accepted, ...verdictBase(doc), invoice, ...(accepted ? { summary: summarize(invoice) } : {}), findings: all };
}
