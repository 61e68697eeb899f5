/**
 * A deterministic corpus of broken invoices for the oracle agreement test: each official example
 * with one thing changed (an amount, a VAT rate or category, a code, a date, a missing mandatory
 * element, a duplicated line, …), so that many business rules fire. Edits are made on the text,
 * leaving the rest of the document byte for byte, so a mutant differs from its example only
 * where the mutation says.
 */
import { Decimal } from 'decimal.js';
import { CII_NS, UBL_NS } from '../../domain/invoice/syntax/namespaces.ts';

export interface Sample {
  /** File name: `<example>~<mutation>.xml` for a mutant. */
  name: string;
  syntax: 'ubl' | 'cii';
  xml: string;
}

/**
 * Each mutation applied to at most `perMutation` of the examples of each syntax it fits, spread
 * over them in file order (all of them without a limit); a mutation that finds nothing to change
 * in an example is not applied to it.
 */
export function mutantsOf(examples: readonly Sample[], perMutation = Infinity): Sample[] {
  const out: Sample[] = [];
  for (const m of MUTATIONS) {
    for (const syntax of ['ubl', 'cii'] as const) {
      const fitting: Sample[] = [];
      for (const example of examples) {
        const xml = example.syntax === syntax ? m[syntax]?.(example.xml) : undefined;
        if (xml !== undefined && xml !== example.xml) fitting.push({ name: `${example.name.replace(/\.xml$/i, '')}~${m.name}.xml`, syntax, xml: declarePrefixes(xml, syntax) });
      }
      const take = Math.min(perMutation, fitting.length);
      for (let k = 0; k < take; k += 1) out.push(fitting[Math.floor((k * fitting.length) / take)]!);
    }
  }
  return out;
}

/**
 * Mutations write elements with the prefixes of the standards' examples (`cbc:`, `ram:`…). A
 * real invoice may bind those namespaces to other prefixes (`ns1:`, or none): the root of its
 * mutant then declares each such prefix the mutation used, so that the mutant is still XML.
 */
function declarePrefixes(xml: string, syntax: 'ubl' | 'cii'): string {
  const bindings: Readonly<Record<string, string>> = syntax === 'ubl' ? { cac: UBL_NS.cac, cbc: UBL_NS.cbc } : CII_NS;
  const missing = Object.entries(bindings).filter(([prefix]) => xml.includes(`<${prefix}:`) && !xml.includes(`xmlns:${prefix}=`));
  if (missing.length === 0) return xml;
  const root = elements(xml);
  const at = root.start + 1 + root.name.length;
  return xml.slice(0, at) + missing.map(([prefix, ns]) => ` xmlns:${prefix}="${ns}"`).join('') + xml.slice(at);
}

/** A change to a document, or undefined where it does not fit (the element is not there). */
type Edit = (xml: string) => string | undefined;

interface Mutation {
  name: string;
  ubl?: Edit;
  cii?: Edit;
}

// ---- locating elements ----------------------------------------------------------------------

export interface Element {
  name: string;
  /** Offsets in the text: the element from `<` to the end of its end tag (`openEnd`…`closeStart` is its content). */
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  children: Element[];
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([^\s/>]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** The root element, with offsets; the examples are well-formed, so no checks. */
export function elements(xml: string): Element {
  const top: Element = { name: '', start: 0, openEnd: 0, closeStart: xml.length, end: xml.length, children: [] };
  const open: Element[] = [top];
  for (const m of xml.matchAll(TOKEN)) {
    const [text, closing, name, selfClosing] = m;
    if (name === undefined) continue;
    const at = m.index;
    if (closing) {
      const el = open.pop()!;
      el.closeStart = at;
      el.end = at + text.length;
      continue;
    }
    const el: Element = { name, start: at, openEnd: at + text.length, closeStart: at + text.length, end: at + text.length, children: [] };
    open.at(-1)!.children.push(el);
    if (!selfClosing) open.push(el);
  }
  return top.children[0]!;
}

/**
 * The element at `path` below the root: child steps `name`, `a|b` (either name), `name[n]` (the
 * n-th such child, from 1).
 */
function find(xml: string, path: string): Element | undefined {
  let el: Element | undefined = elements(xml);
  for (const step of path.split('/')) {
    const [, names = '', nth = '1'] = /^([^[]+)(?:\[(\d+)\])?$/.exec(step) ?? [];
    const accepted = names.split('|');
    el = el?.children.filter((c) => accepted.includes(c.name))[Number(nth) - 1];
  }
  return el;
}

/** Start of the line an element is on, when only white space precedes it there. */
function lineStart(xml: string, el: Element): number {
  const before = /[ \t]*$/.exec(xml.slice(0, el.start))![0];
  return el.start - before.length;
}

// ---- edits ----------------------------------------------------------------------------------

/** Replaces the text content of a leaf element. */
const text =
  (path: string, change: (value: string) => string | undefined): Edit =>
  (xml) => {
    const el = find(xml, path);
    if (!el || el.children.length > 0 || el.openEnd === el.end) return undefined;
    const value = change(xml.slice(el.openEnd, el.closeStart).trim());
    return value === undefined ? undefined : xml.slice(0, el.openEnd) + value + xml.slice(el.closeStart);
  };

/** The document without an element, and without the line it leaves empty. */
export const removeElement = (xml: string, el: Element): string => xml.slice(0, lineStart(xml, el)) + xml.slice(el.end).replace(/^[ \t]*\r?\n/, '');

/** The element repeated right after itself, on a line of its own. */
export function repeatElement(xml: string, el: Element): string {
  return xml.slice(0, el.end) + '\n' + xml.slice(lineStart(xml, el), el.end) + xml.slice(el.end);
}

const remove =
  (path: string): Edit =>
  (xml) => {
    const el = find(xml, path);
    return el && removeElement(xml, el);
  };

/** Repeats an element right after itself (a second invoice line, a second VAT breakdown). */
const duplicate =
  (path: string): Edit =>
  (xml) => {
    const el = find(xml, path);
    return el && repeatElement(xml, el);
  };

/** Sets (or, with undefined, removes) an attribute of an element that has it. */
const attribute =
  (path: string, name: string, value: string | undefined): Edit =>
  (xml) => {
    const el = find(xml, path);
    if (!el) return undefined;
    const tag = xml.slice(el.start, el.openEnd);
    const at = new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`).exec(tag);
    if (!at) return undefined;
    const replaced = value === undefined ? '' : ` ${name}="${value}"`;
    return xml.slice(0, el.start + at.index) + replaced + xml.slice(el.start + at.index + at[0].length);
  };

/** Inserts `fragment` before or after an element, on a line of its own with the element's indentation. */
const insert =
  (path: string, where: 'before' | 'after', fragment: string): Edit =>
  (xml) => {
    const el = find(xml, path);
    if (!el) return undefined;
    const from = lineStart(xml, el);
    const line = xml.slice(from, el.start) + fragment;
    return where === 'before' ? xml.slice(0, from) + line + '\n' + xml.slice(from) : xml.slice(0, el.end) + '\n' + line + xml.slice(el.end);
  };

/** Adds `fragment` as the last child of an element, on a line of its own. */
const append =
  (path: string, fragment: string): Edit =>
  (xml) => {
    const el = find(xml, path);
    if (!el || el.closeStart === el.end) return undefined;
    return xml.slice(0, el.closeStart) + fragment + '\n' + xml.slice(el.closeStart);
  };

/** The edits one after the other, skipping those that do not fit; undefined if none fits. */
const each =
  (...edits: Edit[]): Edit =>
  (xml) => {
    let out: string | undefined;
    for (const edit of edits) out = edit(out ?? xml) ?? out;
    return out;
  };

// ---- values ---------------------------------------------------------------------------------

/** An amount moved by `delta`, keeping its number of decimals (or the delta's, if more). */
const plus =
  (delta: string) =>
  (value: string): string | undefined => {
    if (!/^[+-]?\d+(\.\d+)?$/.test(value)) return undefined;
    const v = new Decimal(value);
    return v.plus(delta).toFixed(Math.max(v.decimalPlaces(), new Decimal(delta).decimalPlaces()));
  };

/** `to`, or `instead` where the value already is `to` (so the document does change). */
const other =
  (to: string, instead: string) =>
  (value: string): string =>
    value === to ? instead : to;

const set = (to: string) => (): string => to;

/** A zero written with a minus sign; nothing for any other value. */
const negativeZero = (value: string): string | undefined => (/^0*(\.0*)?$/.test(value) && /0/.test(value) ? `-${value}` : undefined);

// ---- where things are -----------------------------------------------------------------------

const UBL = {
  seller: 'cac:AccountingSupplierParty/cac:Party',
  buyer: 'cac:AccountingCustomerParty/cac:Party',
  totals: 'cac:LegalMonetaryTotal',
  breakdown: 'cac:TaxTotal/cac:TaxSubtotal',
  line: 'cac:InvoiceLine|cac:CreditNoteLine',
  quantity: 'cbc:InvoicedQuantity|cbc:CreditedQuantity',
  lineCategory: 'cac:Item/cac:ClassifiedTaxCategory',
} as const;

const TX = 'rsm:SupplyChainTradeTransaction';
const CII = {
  document: 'rsm:ExchangedDocument',
  agreement: `${TX}/ram:ApplicableHeaderTradeAgreement`,
  seller: `${TX}/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty`,
  buyer: `${TX}/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty`,
  settlement: `${TX}/ram:ApplicableHeaderTradeSettlement`,
  totals: `${TX}/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation`,
  breakdown: `${TX}/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax`,
  line: `${TX}/ram:IncludedSupplyChainTradeLineItem`,
  lineTax: 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax',
} as const;

/** A UBL VAT category element (`TaxCategory` or `ClassifiedTaxCategory`). */
const category = (element: string, code: string, rate: string): string =>
  `<cac:${element}><cbc:ID>${code}</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:${element}>`;

const LINE_TAX_TOTAL =
  '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">1.234</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>' +
  '<cbc:TaxAmount currencyID="EUR">1.234</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>';

/** A sub-line (UBL SubInvoiceLine or SubCreditNoteLine) after the first line's price, with `content` after its amount. */
const subLine =
  (content: string): Edit =>
  (xml) => {
    const name = find(xml, 'cac:CreditNoteLine') ? 'cac:SubCreditNoteLine' : 'cac:SubInvoiceLine';
    return insert(`${UBL.line}/cac:Price`, 'after', `<${name}><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">0.00</cbc:LineExtensionAmount>${content}</${name}>`)(xml);
  };

/** A VAT category on the first line, in both syntaxes. */
const lineCategory = (code: string): Mutation => ({
  name: `line-category-${code}`,
  ubl: text(`${UBL.line}/${UBL.lineCategory}/cbc:ID`, other(code, 'S')),
  cii: text(`${CII.line}/${CII.lineTax}/ram:CategoryCode`, other(code, 'S')),
});

const MUTATIONS: readonly Mutation[] = [
  // BT-1…BT-24: the document
  {
    name: 'no-specification-id',
    ubl: remove('cbc:CustomizationID'),
    cii: remove('rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
  },
  { name: 'no-number', ubl: remove('cbc:ID'), cii: remove(`${CII.document}/ram:ID`) },
  { name: 'no-issue-date', ubl: remove('cbc:IssueDate'), cii: remove(`${CII.document}/ram:IssueDateTime`) },
  { name: 'leap-issue-date', ubl: text('cbc:IssueDate', set('2024-02-29')), cii: text(`${CII.document}/ram:IssueDateTime/udt:DateTimeString`, set('20240229')) },
  { name: 'bad-issue-date', ubl: text('cbc:IssueDate', set('2024-02-30')), cii: text(`${CII.document}/ram:IssueDateTime/udt:DateTimeString`, set('20240230')) },
  { name: 'no-type-code', ubl: remove('cbc:InvoiceTypeCode|cbc:CreditNoteTypeCode'), cii: remove(`${CII.document}/ram:TypeCode`) },
  { name: 'unknown-type-code', ubl: text('cbc:InvoiceTypeCode|cbc:CreditNoteTypeCode', set('999')), cii: text(`${CII.document}/ram:TypeCode`, set('999')) },
  { name: 'credit-note-type-code', ubl: text('cbc:InvoiceTypeCode', set('381')), cii: text(`${CII.document}/ram:TypeCode`, other('381', '380')) },
  { name: 'no-currency', ubl: remove('cbc:DocumentCurrencyCode'), cii: remove(`${CII.settlement}/ram:InvoiceCurrencyCode`) },
  { name: 'unknown-currency', ubl: text('cbc:DocumentCurrencyCode', set('EUX')), cii: text(`${CII.settlement}/ram:InvoiceCurrencyCode`, set('EUX')) },
  { name: 'other-currency', ubl: text('cbc:DocumentCurrencyCode', other('USD', 'EUR')), cii: text(`${CII.settlement}/ram:InvoiceCurrencyCode`, other('USD', 'EUR')) },
  {
    name: 'tax-currency-added',
    ubl: each(remove('cbc:TaxCurrencyCode'), insert('cbc:DocumentCurrencyCode', 'after', '<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>')),
  },
  { name: 'amount-currency-other', ubl: attribute(`${UBL.totals}/cbc:PayableAmount`, 'currencyID', 'XYZ') },
  { name: 'reversed-period', ubl: text('cac:InvoicePeriod/cbc:EndDate', set('2000-01-01')), cii: text(`${CII.settlement}/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString`, set('20000101')) },
  { name: 'unknown-period-code', ubl: text('cac:InvoicePeriod/cbc:DescriptionCode', set('99')) },
  { name: 'no-due-date-nor-terms', ubl: each(remove('cbc:DueDate'), remove('cac:PaymentTerms')), cii: remove(`${CII.settlement}/ram:SpecifiedTradePaymentTerms`) },
  { name: 'unknown-attachment-mime', ubl: attribute('cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject', 'mimeCode', 'text/html'), cii: attribute(`${CII.agreement}/ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject`, 'mimeCode', 'text/html') },

  // BG-4…BG-13: the parties
  { name: 'no-seller-name', ubl: remove(`${UBL.seller}/cac:PartyLegalEntity/cbc:RegistrationName`), cii: remove(`${CII.seller}/ram:Name`) },
  { name: 'no-buyer-name', ubl: remove(`${UBL.buyer}/cac:PartyLegalEntity/cbc:RegistrationName`), cii: remove(`${CII.buyer}/ram:Name`) },
  { name: 'no-seller-address', ubl: remove(`${UBL.seller}/cac:PostalAddress`), cii: remove(`${CII.seller}/ram:PostalTradeAddress`) },
  { name: 'no-buyer-address', ubl: remove(`${UBL.buyer}/cac:PostalAddress`), cii: remove(`${CII.buyer}/ram:PostalTradeAddress`) },
  { name: 'no-seller-country', ubl: remove(`${UBL.seller}/cac:PostalAddress/cac:Country`), cii: remove(`${CII.seller}/ram:PostalTradeAddress/ram:CountryID`) },
  { name: 'unknown-seller-country', ubl: text(`${UBL.seller}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`, set('XX')), cii: text(`${CII.seller}/ram:PostalTradeAddress/ram:CountryID`, set('XX')) },
  { name: 'no-seller-vat-id', ubl: remove(`${UBL.seller}/cac:PartyTaxScheme`), cii: remove(`${CII.seller}/ram:SpecifiedTaxRegistration`) },
  { name: 'no-buyer-vat-id', ubl: remove(`${UBL.buyer}/cac:PartyTaxScheme`), cii: remove(`${CII.buyer}/ram:SpecifiedTaxRegistration`) },
  { name: 'seller-vat-id-without-prefix', ubl: text(`${UBL.seller}/cac:PartyTaxScheme/cbc:CompanyID`, set('123456789')), cii: text(`${CII.seller}/ram:SpecifiedTaxRegistration/ram:ID`, set('123456789')) },
  {
    name: 'no-seller-identifiers',
    ubl: each(remove(`${UBL.seller}/cac:PartyTaxScheme`), remove(`${UBL.seller}/cac:PartyTaxScheme`), remove(`${UBL.seller}/cac:PartyIdentification`), remove(`${UBL.seller}/cac:PartyLegalEntity/cbc:CompanyID`)),
    cii: each(remove(`${CII.seller}/ram:SpecifiedTaxRegistration`), remove(`${CII.seller}/ram:SpecifiedTaxRegistration`), remove(`${CII.seller}/ram:ID`), remove(`${CII.seller}/ram:GlobalID`), remove(`${CII.seller}/ram:SpecifiedLegalOrganization`)),
  },
  { name: 'unknown-seller-endpoint-scheme', ubl: attribute(`${UBL.seller}/cbc:EndpointID`, 'schemeID', 'XXXX'), cii: attribute(`${CII.seller}/ram:URIUniversalCommunication/ram:URIID`, 'schemeID', 'XXXX') },
  { name: 'unknown-seller-id-scheme', ubl: attribute(`${UBL.seller}/cac:PartyIdentification/cbc:ID`, 'schemeID', 'XXXX'), cii: attribute(`${CII.seller}/ram:GlobalID`, 'schemeID', 'XXXX') },
  { name: 'no-payee-name', ubl: remove('cac:PayeeParty/cac:PartyName'), cii: remove(`${CII.settlement}/ram:PayeeTradeParty/ram:Name`) },
  { name: 'no-tax-representative-vat-id', ubl: remove('cac:TaxRepresentativeParty/cac:PartyTaxScheme'), cii: remove(`${CII.agreement}/ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedTaxRegistration`) },

  // BG-16: payment
  { name: 'no-payment-means-code', ubl: remove('cac:PaymentMeans/cbc:PaymentMeansCode'), cii: remove(`${CII.settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`) },
  { name: 'unknown-payment-means-code', ubl: text('cac:PaymentMeans/cbc:PaymentMeansCode', set('999')), cii: text(`${CII.settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`, set('999')) },
  { name: 'no-payment-account', ubl: remove('cac:PaymentMeans/cac:PayeeFinancialAccount'), cii: remove(`${CII.settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount`) },
  { name: 'no-payment-account-id', ubl: remove('cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID'), cii: remove(`${CII.settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID`) },

  // BG-20, BG-21: document allowances and charges
  { name: 'allowance-amount-off', ubl: text('cac:AllowanceCharge/cbc:Amount', plus('1')), cii: text(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount`, plus('1')) },
  {
    name: 'allowance-no-reason',
    ubl: each(remove('cac:AllowanceCharge/cbc:AllowanceChargeReason'), remove('cac:AllowanceCharge/cbc:AllowanceChargeReasonCode')),
    cii: each(remove(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:Reason`), remove(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode`)),
  },
  { name: 'allowance-no-vat-category', ubl: remove('cac:AllowanceCharge/cac:TaxCategory'), cii: remove(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax`) },
  { name: 'allowance-category-Z', ubl: text('cac:AllowanceCharge/cac:TaxCategory/cbc:ID', other('Z', 'S')), cii: text(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode`, other('Z', 'S')) },
  { name: 'unknown-allowance-reason-code', ubl: text('cac:AllowanceCharge/cbc:AllowanceChargeReasonCode', set('ZZZZ')), cii: text(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode`, set('ZZZZ')) },

  // BG-22: totals
  { name: 'line-total-off', ubl: text(`${UBL.totals}/cbc:LineExtensionAmount`, plus('10')), cii: text(`${CII.totals}/ram:LineTotalAmount`, plus('10')) },
  { name: 'tax-exclusive-off', ubl: text(`${UBL.totals}/cbc:TaxExclusiveAmount`, plus('0.01')), cii: text(`${CII.totals}/ram:TaxBasisTotalAmount`, plus('0.01')) },
  { name: 'tax-inclusive-off', ubl: text(`${UBL.totals}/cbc:TaxInclusiveAmount`, plus('0.01')), cii: text(`${CII.totals}/ram:GrandTotalAmount`, plus('0.01')) },
  { name: 'payable-off', ubl: text(`${UBL.totals}/cbc:PayableAmount`, plus('1')), cii: text(`${CII.totals}/ram:DuePayableAmount`, plus('1')) },
  { name: 'payable-three-decimals', ubl: text(`${UBL.totals}/cbc:PayableAmount`, plus('0.001')), cii: text(`${CII.totals}/ram:DuePayableAmount`, plus('0.001')) },
  { name: 'no-payable', ubl: remove(`${UBL.totals}/cbc:PayableAmount`), cii: remove(`${CII.totals}/ram:DuePayableAmount`) },
  { name: 'prepaid-off', ubl: text(`${UBL.totals}/cbc:PrepaidAmount`, plus('1')), cii: text(`${CII.totals}/ram:TotalPrepaidAmount`, plus('1')) },
  { name: 'vat-total-off', ubl: text('cac:TaxTotal/cbc:TaxAmount', plus('1')), cii: text(`${CII.totals}/ram:TaxTotalAmount`, plus('1')) },
  { name: 'no-vat-total', ubl: remove('cac:TaxTotal/cbc:TaxAmount'), cii: remove(`${CII.totals}/ram:TaxTotalAmount`) },

  // BG-23: VAT breakdown
  { name: 'breakdown-taxable-off', ubl: text(`${UBL.breakdown}/cbc:TaxableAmount`, plus('1')), cii: text(`${CII.breakdown}/ram:BasisAmount`, plus('1')) },
  { name: 'breakdown-tax-off', ubl: text(`${UBL.breakdown}/cbc:TaxAmount`, plus('0.5')), cii: text(`${CII.breakdown}/ram:CalculatedAmount`, plus('0.5')) },
  { name: 'breakdown-rate-off', ubl: text(`${UBL.breakdown}/cac:TaxCategory/cbc:Percent`, plus('1')), cii: text(`${CII.breakdown}/ram:RateApplicablePercent`, plus('1')) },
  { name: 'breakdown-category-Z', ubl: text(`${UBL.breakdown}/cac:TaxCategory/cbc:ID`, other('Z', 'S')), cii: text(`${CII.breakdown}/ram:CategoryCode`, other('Z', 'S')) },
  { name: 'breakdown-category-E', ubl: text(`${UBL.breakdown}/cac:TaxCategory/cbc:ID`, other('E', 'S')), cii: text(`${CII.breakdown}/ram:CategoryCode`, other('E', 'S')) },
  { name: 'breakdown-exemption-reason', ubl: insert(`${UBL.breakdown}/cac:TaxCategory/cac:TaxScheme`, 'before', '<cbc:TaxExemptionReason>Exempt</cbc:TaxExemptionReason>'), cii: insert(`${CII.breakdown}/ram:BasisAmount`, 'before', '<ram:ExemptionReason>Exempt</ram:ExemptionReason>') },
  { name: 'unknown-exemption-reason-code', ubl: text(`${UBL.breakdown}/cac:TaxCategory/cbc:TaxExemptionReasonCode`, set('VATEX-XX')), cii: text(`${CII.breakdown}/ram:ExemptionReasonCode`, set('VATEX-XX')) },
  { name: 'no-breakdown', ubl: remove(UBL.breakdown), cii: remove(CII.breakdown) },
  { name: 'duplicate-breakdown', ubl: duplicate(UBL.breakdown), cii: duplicate(CII.breakdown) },
  { name: 'breakdown-no-rate', ubl: remove(`${UBL.breakdown}/cac:TaxCategory/cbc:Percent`), cii: remove(`${CII.breakdown}/ram:RateApplicablePercent`) },

  // BG-25: lines
  { name: 'duplicate-line', ubl: duplicate(UBL.line), cii: duplicate(CII.line) },
  { name: 'no-line-id', ubl: remove(`${UBL.line}/cbc:ID`), cii: remove(`${CII.line}/ram:AssociatedDocumentLineDocument/ram:LineID`) },
  { name: 'no-line-quantity', ubl: remove(`${UBL.line}/${UBL.quantity}`), cii: remove(`${CII.line}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`) },
  { name: 'no-line-unit', ubl: attribute(`${UBL.line}/${UBL.quantity}`, 'unitCode', undefined), cii: attribute(`${CII.line}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`, 'unitCode', undefined) },
  { name: 'unknown-line-unit', ubl: attribute(`${UBL.line}/${UBL.quantity}`, 'unitCode', 'XYZ'), cii: attribute(`${CII.line}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`, 'unitCode', 'XYZ') },
  { name: 'line-quantity-off', ubl: text(`${UBL.line}/${UBL.quantity}`, plus('1')), cii: text(`${CII.line}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity`, plus('1')) },
  { name: 'line-amount-off', ubl: text(`${UBL.line}/cbc:LineExtensionAmount`, plus('1')), cii: text(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`, plus('1')) },
  { name: 'line-amount-three-decimals', ubl: text(`${UBL.line}/cbc:LineExtensionAmount`, plus('0.001')), cii: text(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`, plus('0.001')) },
  { name: 'no-item-name', ubl: remove(`${UBL.line}/cac:Item/cbc:Name`), cii: remove(`${CII.line}/ram:SpecifiedTradeProduct/ram:Name`) },
  { name: 'no-net-price', ubl: remove(`${UBL.line}/cac:Price`), cii: remove(`${CII.line}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice`) },
  { name: 'negative-net-price', ubl: text(`${UBL.line}/cac:Price/cbc:PriceAmount`, set('-10.00')), cii: text(`${CII.line}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount`, set('-10.00')) },
  { name: 'negative-gross-price', ubl: text(`${UBL.line}/cac:Price/cac:AllowanceCharge/cbc:BaseAmount`, set('-10.00')), cii: text(`${CII.line}/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:ChargeAmount`, set('-10.00')) },
  { name: 'line-no-vat-category', ubl: remove(`${UBL.line}/${UBL.lineCategory}`), cii: remove(`${CII.line}/${CII.lineTax}`) },
  { name: 'line-rate-off', ubl: text(`${UBL.line}/${UBL.lineCategory}/cbc:Percent`, plus('1')), cii: text(`${CII.line}/${CII.lineTax}/ram:RateApplicablePercent`, plus('1')) },
  { name: 'line-no-rate', ubl: remove(`${UBL.line}/${UBL.lineCategory}/cbc:Percent`), cii: remove(`${CII.line}/${CII.lineTax}/ram:RateApplicablePercent`) },
  lineCategory('Z'),
  lineCategory('E'),
  lineCategory('AE'),
  lineCategory('K'),
  lineCategory('G'),
  lineCategory('O'),
  lineCategory('L'),
  lineCategory('M'),
  lineCategory('B'),
  lineCategory('X'),
  // What the official rules reach through `//` and unanchored contexts beyond the binding.
  // UBL: a line's own tax total, whose subtotal lacks a rate and has three decimals.
  { name: 'line-tax-total', ubl: insert(`${UBL.line}/cac:Item`, 'before', LINE_TAX_TOTAL) },
  // A sub-line whose item stays standard rated while the line becomes zero rated; and one with a charge in VAT category E.
  { name: 'sub-line-category', ubl: each(text(`${UBL.line}/${UBL.lineCategory}/cbc:ID`, other('Z', 'E')), subLine('<cac:Item><cbc:Name>Part</cbc:Name>' + category('ClassifiedTaxCategory', 'S', '20') + '</cac:Item>')) },
  { name: 'sub-line-charge', ubl: subLine(`<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5.00</cbc:Amount>${category('TaxCategory', 'E', '0')}</cac:AllowanceCharge><cac:Item><cbc:Name>Part</cbc:Name>${category('ClassifiedTaxCategory', 'E', '0')}</cac:Item>`) },
  // A line's own delivery address without a country, and a line's billing reference to a credit note only.
  { name: 'line-delivery-no-country', ubl: insert(`${UBL.line}/cac:AllowanceCharge|cac:TaxTotal|cac:Item`, 'before', '<cac:Delivery><cac:DeliveryLocation><cac:Address><cbc:CityName>Lyon</cbc:CityName></cac:Address></cac:DeliveryLocation></cac:Delivery>') },
  {
    name: 'line-billing-reference',
    ubl: insert(`${UBL.line}/cac:DocumentReference|cac:Delivery|cac:AllowanceCharge|cac:TaxTotal|cac:Item`, 'before', '<cac:BillingReference><cac:CreditNoteDocumentReference><cbc:ID>CN-1</cbc:ID></cac:CreditNoteDocumentReference></cac:BillingReference>'),
  },
  // A sub-line with a reversed period, a delivery party with a VAT identifier lacking its country prefix, and an item attribute without a value.
  {
    name: 'sub-line-details',
    ubl: subLine(
      '<cac:InvoicePeriod><cbc:StartDate>2020-02-01</cbc:StartDate><cbc:EndDate>2020-01-01</cbc:EndDate></cac:InvoicePeriod>' +
        '<cac:Delivery><cac:DeliveryParty><cac:PartyTaxScheme><cbc:CompanyID>123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:DeliveryParty></cac:Delivery>' +
        `<cac:Item><cbc:Name>Part</cbc:Name>${category('ClassifiedTaxCategory', 'S', '20')}<cac:AdditionalItemProperty><cbc:Name>Colour</cbc:Name></cac:AdditionalItemProperty></cac:Item>`,
    ),
  },
  // CII: an invoicee whose VAT identifier lacks its country prefix, and a product instance's characteristic without a value.
  {
    name: 'invoicee-vat-id',
    cii: insert(
      `${CII.settlement}/ram:PayeeTradeParty|ram:PayerTradeParty|ram:SpecifiedTradeSettlementPaymentMeans|ram:ApplicableTradeTax`,
      'before',
      '<ram:InvoiceeTradeParty><ram:Name>Invoicee</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:InvoiceeTradeParty>',
    ),
  },
  {
    name: 'product-instance-characteristic',
    cii: insert(
      `${CII.line}/ram:SpecifiedTradeProduct/ram:OriginTradeCountry`,
      'before',
      '<ram:IndividualTradeProductInstance><ram:ApplicableProductCharacteristic><ram:Description>Colour</ram:Description></ram:ApplicableProductCharacteristic></ram:IndividualTradeProductInstance>',
    ),
  },
  // A payment term's own payee without a name, a sub-line whose product classification has no scheme, and a delivery document without an identifier.
  { name: 'payment-terms-payee', cii: append(`${CII.settlement}/ram:SpecifiedTradePaymentTerms`, '<ram:PayeeTradeParty><ram:ID>P1</ram:ID></ram:PayeeTradeParty>') },
  {
    name: 'sub-line-classification',
    cii: append(
      CII.line,
      '<ram:IncludedSubordinateTradeLineItem><ram:ApplicableTradeProduct><ram:Name>Part</ram:Name><ram:DesignatedProductClassification><ram:ClassCode>123</ram:ClassCode></ram:DesignatedProductClassification></ram:ApplicableTradeProduct></ram:IncludedSubordinateTradeLineItem>',
    ),
  },
  { name: 'delivery-document-no-id', cii: insert(`${TX}/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent`, 'after', '<ram:AdditionalReferencedDocument><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>') },
  { name: 'line-reversed-period', ubl: text(`${UBL.line}/cac:InvoicePeriod/cbc:EndDate`, set('2000-01-01')), cii: text(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString`, set('20000101')) },
  { name: 'line-allowance-no-reason', ubl: each(remove(`${UBL.line}/cac:AllowanceCharge/cbc:AllowanceChargeReason`), remove(`${UBL.line}/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode`)), cii: each(remove(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:Reason`), remove(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode`)) },
  { name: 'line-allowance-off', ubl: text(`${UBL.line}/cac:AllowanceCharge/cbc:Amount`, plus('1')), cii: text(`${CII.line}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount`, plus('1')) },
  { name: 'unknown-item-classification', ubl: attribute(`${UBL.line}/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode`, 'listID', 'ZZZ'), cii: attribute(`${CII.line}/ram:SpecifiedTradeProduct/ram:DesignatedProductClassification/ram:ClassCode`, 'listID', 'ZZZ') },
  { name: 'unknown-item-id-scheme', ubl: attribute(`${UBL.line}/cac:Item/cac:StandardItemIdentification/cbc:ID`, 'schemeID', 'XXXX'), cii: attribute(`${CII.line}/ram:SpecifiedTradeProduct/ram:GlobalID`, 'schemeID', 'XXXX') },
  { name: 'unknown-origin-country', ubl: text(`${UBL.line}/cac:Item/cac:OriginCountry/cbc:IdentificationCode`, set('XX')), cii: text(`${CII.line}/ram:SpecifiedTradeProduct/ram:OriginTradeCountry/ram:ID`, set('XX')) },

  // Saxon compares bare amounts as doubles, where -0 is below 0 (but an integer "-0" is 0), and CII format 102 dates as written (found by scripts/oracle/fuzz.ts).
  // An empty legal entity before the buyer's: `cac:PartyLegalEntity/cbc:RegistrationName` still finds the name.
  { name: 'empty-legal-entity-first', ubl: insert(`${UBL.buyer}/cac:PartyLegalEntity`, 'before', '<cac:PartyLegalEntity></cac:PartyLegalEntity>') },
  // A code whose text a comment breaks, after a line break: its value keeps the line break, which the CII rules compare as written.
  { name: 'code-after-comment', ubl: text('cac:PaymentMeans/cbc:PaymentMeansCode', (v) => `\n<!-- code -->${v}`), cii: text(`${CII.line}/${CII.lineTax}/ram:CategoryCode`, (v) => `\n<!-- code -->${v}`) },
  // A seller tax registration whose tax scheme has no identifier, next to the VAT one (UBL-SR-13 counts it as not VAT).
  { name: 'seller-tax-scheme-no-id', ubl: insert(`${UBL.seller}/cac:PartyTaxScheme`, 'after', '<cac:PartyTaxScheme><cbc:CompanyID>123</cbc:CompanyID><cac:TaxScheme/></cac:PartyTaxScheme><cac:PartyTaxScheme><cbc:CompanyID>456</cbc:CompanyID><cac:TaxScheme><cbc:ID>LOC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>') },
  { name: 'negative-zero-tax', cii: text(`${CII.breakdown}/ram:CalculatedAmount`, negativeZero) },
  { name: 'negative-zero-line-rate', cii: text(`${CII.line}/${CII.lineTax}/ram:RateApplicablePercent`, negativeZero) },
  { name: 'negative-zero-vat-total', cii: text(`${CII.totals}/ram:TaxTotalAmount`, negativeZero) },
  { name: 'negative-zero-charge-total', cii: text(`${CII.totals}/ram:ChargeTotalAmount`, negativeZero) },
  { name: 'negative-zero-allowance', cii: each(text(`${CII.settlement}/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount`, set('-0.00')), text(`${CII.totals}/ram:AllowanceTotalAmount`, set('0.00'))) },
  { name: 'negative-zero-net-price', ubl: text(`${UBL.line}/cac:Price/cbc:PriceAmount`, set('-0.00')), cii: text(`${CII.line}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount`, set('-0.00')) },
  { name: 'negative-zero-integer-price', ubl: text(`${UBL.line}/cac:Price/cbc:PriceAmount`, set('-0')), cii: text(`${CII.line}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount`, set('-0')) },
  { name: 'padded-period-end', cii: text(`${CII.settlement}/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString`, (v) => ` ${v}`) },
  { name: 'long-period-start', cii: text(`${CII.settlement}/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString`, (v) => `${v}0000`) },
];
