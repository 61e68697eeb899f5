/**
 * The EN 16931 check of one document: read it (UBL 2.1 or CII D16B) into the canonical model,
 * then apply the business rules of the official validation artefacts (release 1.3.16), with
 * the official rule ids, severities and firing conditions: the rules on business terms on the
 * model, the code lists and syntax rules (bound to XML elements wherever they are) on the XML.
 */
import type { Finding } from '../finding.ts';
import type { XmlElement } from '../xml/tree.ts';
import type { Invoice } from './model.ts';
import { checkRules } from './rules/index.ts';
import { isCiiRoot, readCii, type CiiReading } from './syntax/cii.ts';
import { checkCiiSyntax } from './syntax/cii-syntax-rules.ts';
import { readUbl, ublRoot } from './syntax/ubl.ts';
import { checkUblSyntax } from './syntax/ubl-syntax-rules.ts';

/**
 * The canonical model of a UBL or CII tree, without the rules; undefined for a document of another
 * kind. `reading`: how a CII tree is read (Factur-X EXTENDED: logistics charges and line sub-types).
 */
export function readDocument(root: XmlElement | undefined, syntax: 'ubl' | 'cii', reading?: CiiReading): Invoice | undefined {
  if (!root) return undefined;
  if (syntax === 'cii') return isCiiRoot(root) ? readCii(root, reading) : undefined;
  const kind = ublRoot(root);
  return kind ? readUbl(root, kind) : undefined;
}

/** `root`: the document's element tree, as the XSD stage read it (undefined when it has none). */
export function checkDocument(root: XmlElement | undefined, syntax: 'ubl' | 'cii', reading?: CiiReading): { invoice: Invoice; findings: Finding[] } {
  return checkDocuments([{ root, syntax, reading }])[0]!;
}

export interface DocumentToCheck {
  readonly root: XmlElement | undefined;
  readonly syntax: 'ubl' | 'cii';
  readonly reading?: CiiReading | undefined;
}

/**
 * Several documents, each checked exactly as alone, phase by phase: the model read of all, then
 * the rules on their models, then the syntax rules on their XML. Each phase's code stays warm
 * across the batch, as the validator's stages do (validate.ts): a few per cent of the rules' time.
 */
export function checkDocuments(docs: readonly DocumentToCheck[]): { invoice: Invoice; findings: Finding[] }[] {
  const invoices = docs.map((d) => (d.root ? readDocument(d.root, d.syntax, d.reading) : undefined));
  const checked = docs.map((d, i) => {
    const invoice = invoices[i];
    return invoice ? { invoice, findings: checkRules(invoice) } : unreadable(d.syntax);
  });
  docs.forEach((d, i) => {
    if (d.root && invoices[i]) checkSyntaxRules(d.root, d.syntax, checked[i]!.findings);
  });
  return checked;
}

/** The code lists and syntax rules, bound to XML elements wherever they are: their findings go to `out`. */
export function checkSyntaxRules(root: XmlElement, syntax: 'ubl' | 'cii', out: Finding[]): void {
  if (syntax === 'ubl') checkUblSyntax(root, out);
  else checkCiiSyntax(root, out);
}

/** A document of another kind: an empty invoice, and the reason no rule could run. */
function unreadable(syntax: 'ubl' | 'cii'): { invoice: Invoice; findings: Finding[] } {
  const root = syntax === 'ubl' ? 'Invoice' : 'CrossIndustryInvoice';
  const message = syntax === 'ubl' ? 'The document is not a UBL 2.1 Invoice or CreditNote.' : 'The document is not a UN/CEFACT CII CrossIndustryInvoice.';
  const invoice: Invoice = {
    syntax,
    root,
    at: '/',
    notes: [],
    precedingInvoices: [],
    paymentMeans: [],
    allowanceCharges: [],
    taxTotals: [],
    vatBreakdown: [],
    supportingDocuments: [],
    lines: [],
  };
  return { invoice, findings: [{ rule: 'EN16931-ROOT', severity: 'fatal', location: '/', message }] };
}
