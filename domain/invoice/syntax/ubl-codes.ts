/**
 * BR-CL-01…26 as the UBL artefact binds them (its Codesmodel pattern, in order), and BR-CL-08,
 * which it puts among the model rules, on the invoice notes.
 */
import {
  ALLOWANCE_REASONS,
  CHARGE_REASONS,
  CURRENCIES,
  ELECTRONIC_ADDRESS_SCHEMES,
  ICD_SCHEMES,
  ITEM_CLASSIFICATION_LISTS,
  MIME_CODES,
  PAYMENT_MEANS,
  REFERENCE_QUALIFIERS,
  UBL_COUNTRIES,
  UBL_CREDIT_NOTE_TYPES,
  UBL_INVOICE_TYPES,
  UNITS,
  VAT_CATEGORIES,
  VAT_EXEMPTION_REASONS,
  UBL_VAT_DATE_CODES,
  UBL_SUBJECT_CODES,
} from '../rules/code-lists.ts';
import { bool, inList } from '../rules/xpath.ts';
import { attr, codeListChecker, inListUpperCased, text, withAttr, type CodeListContext } from './code-list-contexts.ts';
import { UBL_NS } from './namespaces.ts';
import { parentOf, type Ancestors } from './walk.ts';
import { children, is, type XmlElement } from '../../xml/tree.ts';

const { cac: CAC, cbc: CBC } = UBL_NS;

/** The parent is cac:<name>. */
const under =
  (...names: string[]) =>
  (_el: XmlElement, ancestors: Ancestors): boolean => {
    const parent = parentOf(ancestors);
    return parent !== undefined && parent.ns === CAC && names.includes(parent.local);
  };
const both =
  (a: (el: XmlElement, ancestors: Ancestors) => boolean, b: (el: XmlElement, ancestors: Ancestors) => boolean) =>
  (el: XmlElement, ancestors: Ancestors): boolean =>
    a(el, ancestors) && b(el, ancestors);

/** The parent AllowanceCharge's indicator, cast to a boolean as `cbc:ChargeIndicator = false()` does. */
const allowanceChargeIs =
  (charge: boolean) =>
  (_el: XmlElement, ancestors: Ancestors): boolean => {
    const parent = parentOf(ancestors);
    return is(parent, CAC, 'AllowanceCharge') && children(parent, CBC, 'ChargeIndicator').some((i) => bool(i.text) === charge);
  };

/** `[cbc:DocumentTypeCode = '130']` on the parent document reference. */
const invoicedObject = (_el: XmlElement, ancestors: Ancestors): boolean =>
  children(parentOf(ancestors), CBC, 'DocumentTypeCode').some((c) => c.text === '130');

const AMOUNTS = [
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
];

const CONTEXTS: readonly CodeListContext[] = [
  {
    rule: 'BR-CL-01',
    term: 'BT-3',
    ns: CBC,
    names: ['InvoiceTypeCode', 'CreditNoteTypeCode'],
    read: text,
    list: UBL_INVOICE_TYPES,
    accepts: (v, el) => inList(el.local === 'InvoiceTypeCode' ? UBL_INVOICE_TYPES : UBL_CREDIT_NOTE_TYPES, v),
    what: 'invoice type code',
  },
  { rule: 'BR-CL-03', term: 'BT-5', ns: CBC, names: AMOUNTS, read: attr('currencyID'), list: CURRENCIES, what: 'amount currency' },
  { rule: 'BR-CL-04', term: 'BT-5', ns: CBC, names: ['DocumentCurrencyCode'], read: text, list: CURRENCIES, what: 'invoice currency code' },
  { rule: 'BR-CL-05', term: 'BT-6', ns: CBC, names: ['TaxCurrencyCode'], read: text, list: CURRENCIES, what: 'VAT accounting currency code' },
  { rule: 'BR-CL-06', term: 'BT-8', ns: CBC, names: ['DescriptionCode'], where: under('InvoicePeriod'), read: text, list: UBL_VAT_DATE_CODES, what: 'VAT point date code' },
  {
    rule: 'BR-CL-07',
    term: 'BT-18-1',
    ns: CBC,
    names: ['ID'],
    where: both(withAttr('schemeID'), both(under('AdditionalDocumentReference', 'DocumentReference'), invoicedObject)),
    read: attr('schemeID'),
    list: REFERENCE_QUALIFIERS,
    what: 'invoiced object identifier scheme',
  },
  {
    rule: 'BR-CL-10',
    term: 'BT-29-1',
    ns: CBC,
    names: ['ID'],
    where: both(withAttr('schemeID'), under('PartyIdentification')),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    // SEPA, the scheme of a bank assigned creditor identifier (BT-90), is allowed for the seller and the payee.
    accepts: (v, _el, ancestors) =>
      inList(ICD_SCHEMES, v) || (inList(SEPA, v) && ancestors.some((a) => is(a, CAC, 'AccountingSupplierParty') || is(a, CAC, 'PayeeParty'))),
    what: 'party identifier scheme',
  },
  { rule: 'BR-CL-11', term: 'BT-30-1', ns: CBC, names: ['CompanyID'], where: both(withAttr('schemeID'), under('PartyLegalEntity')), read: attr('schemeID'), list: ICD_SCHEMES, what: 'legal registration identifier scheme' },
  {
    rule: 'BR-CL-13',
    term: 'BT-158-1',
    ns: CBC,
    names: ['ItemClassificationCode'],
    where: both(withAttr('listID'), under('CommodityClassification')),
    read: attr('listID'),
    list: ITEM_CLASSIFICATION_LISTS,
    what: 'item classification scheme',
  },
  { rule: 'BR-CL-14', term: 'BT-40', ns: CBC, names: ['IdentificationCode'], where: under('Country'), read: text, list: UBL_COUNTRIES, what: 'country code' },
  { rule: 'BR-CL-15', term: 'BT-159', ns: CBC, names: ['IdentificationCode'], where: under('OriginCountry'), read: text, list: UBL_COUNTRIES, what: 'country of origin' },
  { rule: 'BR-CL-16', term: 'BT-81', ns: CBC, names: ['PaymentMeansCode'], where: under('PaymentMeans'), read: text, list: PAYMENT_MEANS, what: 'payment means code' },
  { rule: 'BR-CL-17', term: 'BT-118', ns: CBC, names: ['ID'], where: under('TaxCategory'), read: text, list: VAT_CATEGORIES, what: 'VAT category code' },
  { rule: 'BR-CL-18', term: 'BT-151', ns: CBC, names: ['ID'], where: under('ClassifiedTaxCategory'), read: text, list: VAT_CATEGORIES, what: 'VAT category code' },
  { rule: 'BR-CL-19', term: 'BT-98', ns: CBC, names: ['AllowanceChargeReasonCode'], where: allowanceChargeIs(false), read: text, list: ALLOWANCE_REASONS, what: 'allowance reason code' },
  { rule: 'BR-CL-20', term: 'BT-105', ns: CBC, names: ['AllowanceChargeReasonCode'], where: allowanceChargeIs(true), read: text, list: CHARGE_REASONS, what: 'charge reason code' },
  {
    rule: 'BR-CL-21',
    term: 'BT-157-1',
    ns: CBC,
    names: ['ID'],
    where: both(withAttr('schemeID'), under('StandardItemIdentification')),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    what: 'item standard identifier scheme',
  },
  { rule: 'BR-CL-22', term: 'BT-121', ns: CBC, names: ['TaxExemptionReasonCode'], read: text, list: VAT_EXEMPTION_REASONS, accepts: inListUpperCased(VAT_EXEMPTION_REASONS), what: 'VAT exemption reason code' },
  { rule: 'BR-CL-23', term: 'BT-130', ns: CBC, names: ['InvoicedQuantity', 'BaseQuantity', 'CreditedQuantity'], where: withAttr('unitCode'), read: attr('unitCode'), list: UNITS, what: 'unit of measure code' },
  {
    rule: 'BR-CL-24',
    term: 'BT-125-1',
    ns: CBC,
    names: ['EmbeddedDocumentBinaryObject'],
    where: withAttr('mimeCode'),
    read: attr('mimeCode'),
    list: MIME_CODES,
    // Compared as written, not trimmed.
    accepts: (v) => v !== undefined && MIME_CODES.has(v),
    what: 'attachment MIME code',
  },
  { rule: 'BR-CL-25', term: 'BT-34-1', ns: CBC, names: ['EndpointID'], where: withAttr('schemeID'), read: attr('schemeID'), list: ELECTRONIC_ADDRESS_SCHEMES, what: 'electronic address scheme' },
  {
    rule: 'BR-CL-08',
    term: 'BT-21',
    ns: CBC,
    names: ['Note'],
    where: (_el, ancestors) => ancestors.length === 1,
    read: text,
    list: UBL_SUBJECT_CODES,
    accepts: (v) => subjectCodeListed(v ?? ''),
    what: 'note subject code',
  },
  { rule: 'BR-CL-26', term: 'BT-71-1', ns: CBC, names: ['ID'], where: both(withAttr('schemeID'), under('DeliveryLocation')), read: attr('schemeID'), list: ICD_SCHEMES, what: 'delivery location identifier scheme' },
];

const SEPA: ReadonlySet<string> = new Set(['SEPA']);

/**
 * A note may open with a subject code between two '#': when three characters stand there, they
 * must occur in the UNTDID 4451 list as the official rule spells it, one space-separated string
 * searched as text.
 */
function subjectCodeListed(note: string): boolean {
  const hash = note.indexOf('#');
  if (hash < 0) return true;
  const rest = note.slice(hash + 1);
  const end = rest.indexOf('#');
  const subject = end < 0 ? '' : rest.slice(0, end);
  return [...subject].length !== 3 || SUBJECT_TEXT.includes(subject);
}

const SUBJECT_TEXT = ` ${[...UBL_SUBJECT_CODES].join(' ')} `;

export const checkUblCodeLists = codeListChecker(CONTEXTS);
