/** BR-CL-01…26 as the CII artefact binds them (its EN16931-Codes pattern, in order). */
import {
  ALLOWANCE_REASONS,
  CHARGE_REASONS,
  CII_COUNTRIES,
  CII_DOCUMENT_TYPES,
  CII_SUBJECT_CODES,
  CII_VAT_DATE_CODES,
  CURRENCIES,
  ELECTRONIC_ADDRESS_SCHEMES,
  ICD_SCHEMES,
  ITEM_CLASSIFICATION_LISTS,
  MIME_CODES,
  PAYMENT_MEANS,
  REFERENCE_QUALIFIERS,
  UNITS,
  VAT_CATEGORIES,
  VAT_EXEMPTION_REASONS,
} from '../rules/code-lists.ts';
import { bool } from '../rules/xpath.ts';
import { CII_NS } from './namespaces.ts';
import { attr, codeListChecker, inListUpperCased, text, withAttr, type CodeListContext } from './code-list-contexts.ts';
import { parentOf, type Ancestors } from './walk.ts';
import { child, children, is, type XmlElement } from '../../xml/tree.ts';

const { rsm: RSM, ram: RAM, udt: UDT } = CII_NS;

/** The parent is ram:<name>. */
const under =
  (name: string, ns: string = RAM) =>
  (_el: XmlElement, ancestors: Ancestors): boolean =>
    is(parentOf(ancestors), ns, name);
const both =
  (a: (el: XmlElement, ancestors: Ancestors) => boolean, b: (el: XmlElement, ancestors: Ancestors) => boolean) =>
  (el: XmlElement, ancestors: Ancestors): boolean =>
    a(el, ancestors) && b(el, ancestors);
const noAncestor =
  (...names: string[]) =>
  (_el: XmlElement, ancestors: Ancestors): boolean =>
    !ancestors.some((a) => a.ns === RAM && names.includes(a.local));

/** `ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator = false()]` as the parent. */
const allowanceChargeIs =
  (charge: boolean) =>
  (_el: XmlElement, ancestors: Ancestors): boolean => {
    const parent = parentOf(ancestors);
    return is(parent, RAM, 'SpecifiedTradeAllowanceCharge') && children(child(parent, RAM, 'ChargeIndicator'), UDT, 'Indicator').some((i) => bool(i.text) === charge);
  };

const CONTEXTS: readonly CodeListContext[] = [
  { rule: 'BR-CL-01', term: 'BT-3', ns: RAM, names: ['TypeCode'], where: under('ExchangedDocument', RSM), read: text, list: CII_DOCUMENT_TYPES, what: 'invoice type code' },
  { rule: 'BR-CL-03', term: 'BT-110', ns: RAM, names: ['TaxTotalAmount'], where: withAttr('currencyID'), read: attr('currencyID'), list: CURRENCIES, what: 'VAT total currency' },
  { rule: 'BR-CL-04', term: 'BT-5', ns: RAM, names: ['InvoiceCurrencyCode'], read: text, list: CURRENCIES, what: 'invoice currency code' },
  { rule: 'BR-CL-05', term: 'BT-6', ns: RAM, names: ['TaxCurrencyCode'], read: text, list: CURRENCIES, what: 'VAT accounting currency code' },
  { rule: 'BR-CL-06', term: 'BT-8', ns: RAM, names: ['DueDateTypeCode'], read: text, list: CII_VAT_DATE_CODES, what: 'VAT point date code' },
  { rule: 'BR-CL-07', term: 'BT-18-1', ns: RAM, names: ['ReferenceTypeCode'], read: text, list: REFERENCE_QUALIFIERS, what: 'invoiced object identifier scheme' },
  { rule: 'BR-CL-08', term: 'BT-21', ns: RAM, names: ['SubjectCode'], read: text, list: CII_SUBJECT_CODES, what: 'note subject code' },
  {
    rule: 'BR-CL-10',
    term: 'BT-29-1',
    ns: RAM,
    names: ['GlobalID'],
    where: both(withAttr('schemeID'), noAncestor('SpecifiedTradeProduct', 'ShipToTradeParty')),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    what: 'party identifier scheme',
  },
  {
    rule: 'BR-CL-11',
    term: 'BT-30-1',
    ns: RAM,
    names: ['ID'],
    where: both(withAttr('schemeID'), noAncestor('SpecifiedTaxRegistration')),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    what: 'identifier scheme',
  },
  { rule: 'BR-CL-13', term: 'BT-158-1', ns: RAM, names: ['ClassCode'], where: withAttr('listID'), read: attr('listID'), list: ITEM_CLASSIFICATION_LISTS, what: 'item classification scheme' },
  { rule: 'BR-CL-14', term: 'BT-40', ns: RAM, names: ['CountryID'], read: text, list: CII_COUNTRIES, what: 'country code' },
  { rule: 'BR-CL-15', term: 'BT-159', ns: RAM, names: ['ID'], where: under('OriginTradeCountry'), read: text, list: CII_COUNTRIES, what: 'country of origin' },
  { rule: 'BR-CL-16', term: 'BT-81', ns: RAM, names: ['TypeCode'], where: under('SpecifiedTradeSettlementPaymentMeans'), read: text, list: PAYMENT_MEANS, what: 'payment means code' },
  { rule: 'BR-CL-17', term: 'BT-95', ns: RAM, names: ['CategoryCode'], where: under('CategoryTradeTax'), read: text, list: VAT_CATEGORIES, what: 'VAT category code' },
  { rule: 'BR-CL-18', term: 'BT-151', ns: RAM, names: ['CategoryCode'], where: under('ApplicableTradeTax'), read: text, list: VAT_CATEGORIES, what: 'VAT category code' },
  { rule: 'BR-CL-19', term: 'BT-98', ns: RAM, names: ['ReasonCode'], where: allowanceChargeIs(false), read: text, list: ALLOWANCE_REASONS, what: 'allowance reason code' },
  { rule: 'BR-CL-20', term: 'BT-105', ns: RAM, names: ['ReasonCode'], where: allowanceChargeIs(true), read: text, list: CHARGE_REASONS, what: 'charge reason code' },
  {
    rule: 'BR-CL-21',
    term: 'BT-157-1',
    ns: RAM,
    names: ['GlobalID'],
    where: both(withAttr('schemeID'), under('SpecifiedTradeProduct')),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    what: 'item standard identifier scheme',
  },
  { rule: 'BR-CL-22', term: 'BT-121', ns: RAM, names: ['ExemptionReasonCode'], read: text, list: VAT_EXEMPTION_REASONS, accepts: inListUpperCased(VAT_EXEMPTION_REASONS), what: 'VAT exemption reason code' },
  { rule: 'BR-CL-23', term: 'BT-130', ns: RAM, names: ['BasisQuantity', 'BilledQuantity'], where: withAttr('unitCode'), read: attr('unitCode'), list: UNITS, what: 'unit of measure code' },
  {
    rule: 'BR-CL-24',
    term: 'BT-125-1',
    ns: RAM,
    names: ['AttachmentBinaryObject'],
    where: withAttr('mimeCode'),
    read: attr('mimeCode'),
    list: MIME_CODES,
    // Compared as written, not trimmed.
    accepts: (v) => v !== undefined && MIME_CODES.has(v),
    what: 'attachment MIME code',
  },
  {
    rule: 'BR-CL-25',
    term: 'BT-34-1',
    ns: RAM,
    names: ['URIID'],
    where: both(withAttr('schemeID'), under('URIUniversalCommunication')),
    read: attr('schemeID'),
    list: ELECTRONIC_ADDRESS_SCHEMES,
    what: 'electronic address scheme',
  },
  {
    rule: 'BR-CL-26',
    term: 'BT-71-1',
    ns: RAM,
    names: ['GlobalID'],
    where: (el, ancestors) => withAttr('schemeID')(el) && is(parentOf(ancestors), RAM, 'ShipToTradeParty') && is(ancestors[ancestors.length - 2], RAM, 'ApplicableHeaderTradeDelivery'),
    read: attr('schemeID'),
    list: ICD_SCHEMES,
    what: 'delivery location identifier scheme',
  },
];

export const checkCiiCodeLists = codeListChecker(CONTEXTS);
