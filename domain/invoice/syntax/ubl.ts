/**
 * UBL 2.1 Invoice or CreditNote to the canonical model, following the EN 16931 UBL binding.
 * Reads whatever is there and never throws: a missing element is an absent term.
 */
import type {
  Address,
  AllowanceCharge,
  Contact,
  Elsewhere,
  Identifier,
  Invoice,
  Item,
  ItemAttribute,
  Line,
  Party,
  PaymentMeans,
  Period,
  PrecedingInvoice,
  Price,
  SupportingDocument,
  TaxCategory,
  TaxRegistration,
  VatBreakdown,
} from '../model.ts';
import { noneElsewhere } from '../model.ts';
import { child, children, grandchild, is, type XmlElement } from '../../xml/tree.ts';
import { UBL_NS } from './namespaces.ts';
import { pathOf, walk } from './walk.ts';

const { cac: CAC, cbc: CBC } = UBL_NS;

/** The UBL root kind, or undefined when the element is not a UBL Invoice or CreditNote. */
export function ublRoot(root: XmlElement): 'Invoice' | 'CreditNote' | undefined {
  if (is(root, UBL_NS.invoice, 'Invoice')) return 'Invoice';
  if (is(root, UBL_NS.creditNote, 'CreditNote')) return 'CreditNote';
  return undefined;
}

const agg = (el: XmlElement | undefined, name: string) => child(el, CAC, name);
const aggs = (el: XmlElement | undefined, name: string) => children(el, CAC, name);
const basic = (el: XmlElement | undefined, name: string) => child(el, CBC, name);
/** Text of a cbc child, undefined when absent. */
const text = (el: XmlElement | undefined, name: string) => child(el, CBC, name)?.text;
/** cac:<group>/cbc:<name>, under whichever cac:<group> has one. */
const basic2 = (el: XmlElement | undefined, group: string, name: string) => grandchild(el, CAC, group, CBC, name);
/** Text of cac:<group>/cbc:<name>. */
const text2 = (el: XmlElement | undefined, group: string, name: string) => basic2(el, group, name)?.text;

export function readUbl(root: XmlElement, kind: 'Invoice' | 'CreditNote'): Invoice {
  const at = `/${kind}`;
  const creditNote = kind === 'CreditNote';
  const supplierParty = agg(root, 'AccountingSupplierParty');
  const customerParty = agg(root, 'AccountingCustomerParty');
  const supplier = agg(supplierParty, 'Party');
  const customer = agg(customerParty, 'Party');
  const period = agg(root, 'InvoicePeriod');
  const taxTotals = aggs(root, 'TaxTotal');
  const vatBreakdown: VatBreakdown[] = [];
  taxTotals.forEach((total, t) => {
    aggs(total, 'TaxSubtotal').forEach((sub, i) => {
      vatBreakdown.push({ ...breakdown(sub, `${at}/cac:TaxTotal[${t + 1}]/cac:TaxSubtotal[${i + 1}]`), taxTotal: t });
    });
  });
  const paymentMeans = aggs(root, 'PaymentMeans');
  const mandate = paymentMeans.map((m) => agg(m, 'PaymentMandate')).find((m) => m !== undefined);
  const payee = agg(root, 'PayeeParty');
  const creditorId = [payee, supplier]
    .flatMap((p) => aggs(p, 'PartyIdentification'))
    .map((p) => basic(p, 'ID'))
    .find((id) => id?.attrs.schemeID === 'SEPA')?.text;
  const monetary = agg(root, 'LegalMonetaryTotal');
  return {
    syntax: 'ubl',
    root: kind,
    at,
    number: text(root, 'ID'),
    issueDate: text(root, 'IssueDate'),
    typeCode: text(root, creditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
    currency: text(root, 'DocumentCurrencyCode'),
    vatCurrency: text(root, 'TaxCurrencyCode'),
    vatPointDate: text(root, 'TaxPointDate'),
    vatPointDateCode: text(period, 'DescriptionCode'),
    dueDate: creditNote ? paymentMeans.map((m) => text(m, 'PaymentDueDate')).find((d) => d !== undefined) : text(root, 'DueDate'),
    buyerReference: text(root, 'BuyerReference'),
    projectReference: text2(root, 'ProjectReference', 'ID'),
    contractReference: text2(root, 'ContractDocumentReference', 'ID'),
    purchaseOrderReference: text2(root, 'OrderReference', 'ID'),
    salesOrderReference: text2(root, 'OrderReference', 'SalesOrderID'),
    receivingAdviceReference: text2(root, 'ReceiptDocumentReference', 'ID'),
    despatchAdviceReference: text2(root, 'DespatchDocumentReference', 'ID'),
    tenderReference: text2(root, 'OriginatorDocumentReference', 'ID'),
    buyerAccountingReference: text(root, 'AccountingCost'),
    paymentTerms: text2(root, 'PaymentTerms', 'Note'),
    notes: children(root, CBC, 'Note').map((n, i) => ({ at: `${at}/cbc:Note[${i + 1}]`, text: n.text })),
    businessProcess: text(root, 'ProfileID'),
    specification: text(root, 'CustomizationID'),
    precedingInvoices: aggs(root, 'BillingReference').map((b, i) => precedingInvoice(b, `${at}/cac:BillingReference[${i + 1}]`)),
    // A seller or buyer element without its Party is a party with nothing said (BR-CO-26 reaches it).
    seller: supplier ? party(supplier, `${at}/cac:AccountingSupplierParty/cac:Party`, true) : supplierParty && emptyParty(`${at}/cac:AccountingSupplierParty`),
    buyer: customer ? party(customer, `${at}/cac:AccountingCustomerParty/cac:Party`, true) : customerParty && emptyParty(`${at}/cac:AccountingCustomerParty`),
    payee: payee && party(payee, `${at}/cac:PayeeParty`, false),
    taxRepresentative: optional(agg(root, 'TaxRepresentativeParty'), (p) => party(p, `${at}/cac:TaxRepresentativeParty`, false)),
    delivery: optional(agg(root, 'Delivery'), (d) => {
      const dAt = `${at}/cac:Delivery`;
      const location = agg(d, 'DeliveryLocation');
      return {
        at: dAt,
        name: text2(agg(d, 'DeliveryParty'), 'PartyName', 'Name'),
        locationId: optional(basic(location, 'ID'), (id) => identifier(id, `${dAt}/cac:DeliveryLocation/cbc:ID`)),
        date: text(d, 'ActualDeliveryDate'),
        address: optional(agg(location, 'Address'), (a) => address(a, `${dAt}/cac:DeliveryLocation/cac:Address`)),
      };
    }),
    invoicingPeriod: period && periodOf(period, `${at}/cac:InvoicePeriod`),
    paymentMeans: paymentMeans.map((m, i) => paymentMeansOf(m, `${at}/cac:PaymentMeans[${i + 1}]`)),
    remittanceInformation: paymentMeans.map((m) => text(m, 'PaymentID')).find((id) => id !== undefined),
    directDebit:
      mandate || creditorId !== undefined
        ? {
            at: mandate ? `${at}/cac:PaymentMeans/cac:PaymentMandate` : `${at}/cac:PaymentMeans`,
            mandateReference: text(mandate, 'ID'),
            creditorId,
            debitedAccountId: text2(mandate, 'PayerFinancialAccount', 'ID'),
          }
        : undefined,
    allowanceCharges: aggs(root, 'AllowanceCharge').map((ac, i) => allowanceCharge(ac, `${at}/cac:AllowanceCharge[${i + 1}]`)),
    totals: monetary && {
      at: `${at}/cac:LegalMonetaryTotal`,
      lineTotal: text(monetary, 'LineExtensionAmount'),
      allowanceTotal: text(monetary, 'AllowanceTotalAmount'),
      chargeTotal: text(monetary, 'ChargeTotalAmount'),
      taxExclusive: text(monetary, 'TaxExclusiveAmount'),
      taxInclusive: text(monetary, 'TaxInclusiveAmount'),
      prepaid: text(monetary, 'PrepaidAmount'),
      rounding: text(monetary, 'PayableRoundingAmount'),
      payable: text(monetary, 'PayableAmount'),
    },
    taxTotals: taxTotals.map((t, i) => {
      const amount = basic(t, 'TaxAmount');
      return { at: `${at}/cac:TaxTotal[${i + 1}]`, amount: amount?.text, currency: amount?.attrs.currencyID };
    }),
    vatBreakdown,
    supportingDocuments: aggs(root, 'AdditionalDocumentReference').map((d, i) =>
      supportingDocument(d, `${at}/cac:AdditionalDocumentReference[${i + 1}]`),
    ),
    lines: aggs(root, creditNote ? 'CreditNoteLine' : 'InvoiceLine').map((l, i) =>
      line(l, `${at}/cac:${creditNote ? 'CreditNoteLine' : 'InvoiceLine'}[${i + 1}]`, creditNote),
    ),
    elsewhere: elsewhere(root, creditNote ? 'CreditNoteLine' : 'InvoiceLine'),
  };
}

/** The cac elements `elsewhere` looks at. */
const ELSEWHERE_NAMES: ReadonlySet<string> = new Set([
  'TaxTotal',
  'ClassifiedTaxCategory',
  'AllowanceCharge',
  'AdditionalDocumentReference',
  'BillingReference',
  'Delivery',
  'InvoicePeriod',
  'AdditionalItemProperty',
  'PartyTaxScheme',
]);

/**
 * What UBL has where the binding does not read it, and the official rules still reach
 * (Elsewhere), in document order; undefined when there is nothing, as in almost every invoice.
 */
function elsewhere(root: XmlElement, lineName: string): Elsewhere | undefined {
  // Made on the first find: most invoices have nothing here.
  let found: Elsewhere | undefined;
  const into = (): Elsewhere => (found ??= noneElsewhere());
  // The parties whose tax schemes the binding reads (party()), found on the first tax scheme met.
  let boundParties: (XmlElement | undefined)[] | undefined;
  const boundParty = (p: XmlElement | undefined) =>
    p !== undefined &&
    (boundParties ??= [agg(agg(root, 'AccountingSupplierParty'), 'Party'), agg(agg(root, 'AccountingCustomerParty'), 'Party'), agg(root, 'PayeeParty'), agg(root, 'TaxRepresentativeParty')]).includes(p);
  walk(root, (el, ancestors) => {
    // One set lookup for the elements that are none of these, nearly all of them.
    if (el.ns !== CAC || !ELSEWHERE_NAMES.has(el.local)) return;
    const depth = ancestors.length;
    const parent = ancestors[depth - 1];
    const onRoot = depth === 1;
    const onLine = depth === 2 && is(parent, CAC, lineName);
    const inLineItem = depth === 3 && is(ancestors[1], CAC, lineName) && agg(ancestors[1], 'Item') === parent;
    // Paths are written out below (pathOf): a closure for them would be made for each element met.
    switch (el.local) {
      case 'TaxTotal': {
        if (onRoot) return;
        const totalAt = pathOf(el, ancestors);
        const amount = basic(el, 'TaxAmount');
        into().taxTotals.push({ at: totalAt, amount: amount?.text, currency: amount?.attrs.currencyID });
        aggs(el, 'TaxSubtotal').forEach((sub, i) => into().vatBreakdown.push(breakdown(sub, `${totalAt}/cac:TaxSubtotal[${i + 1}]`)));
        break;
      }
      case 'ClassifiedTaxCategory':
        // A line's item's categories are the line's own (BT-151).
        if (inLineItem) return;
        into().classifiedTaxCategories.push(taxCategory(el, pathOf(el, ancestors)));
        break;
      case 'AllowanceCharge':
        if (onRoot || onLine) return;
        into().allowanceCharges.push(allowanceCharge(el, pathOf(el, ancestors)));
        break;
      case 'AdditionalDocumentReference':
        if (onRoot) return;
        into().supportingDocuments.push(supportingDocument(el, pathOf(el, ancestors)));
        break;
      case 'BillingReference':
        if (onRoot) return;
        into().precedingInvoices.push(precedingInvoice(el, pathOf(el, ancestors)));
        break;
      case 'Delivery': {
        if (onRoot && agg(root, 'Delivery') === el) return;
        const location = agg(agg(el, 'DeliveryLocation'), 'Address');
        if (!location) return;
        into().deliverToAddresses.push(address(location, `${pathOf(el, ancestors)}/cac:DeliveryLocation/cac:Address`));
        break;
      }
      case 'InvoicePeriod':
        if (onLine) {
          if (agg(parent, 'InvoicePeriod') === el) return;
          into().linePeriods.push(periodOf(el, pathOf(el, ancestors)));
        } else {
          if (onRoot && agg(root, 'InvoicePeriod') === el) return;
          into().periods.push({ ...periodOf(el, pathOf(el, ancestors)), descriptionCode: text(el, 'DescriptionCode') });
        }
        break;
      case 'AdditionalItemProperty':
        if (inLineItem) return;
        into().itemAttributes.push(itemAttribute(el, pathOf(el, ancestors)));
        break;
      case 'PartyTaxScheme':
        if (boundParty(parent)) return;
        into().taxRegistrations.push(taxRegistration(el, pathOf(el, ancestors)));
        break;
    }
  });
  return found;
}

function precedingInvoice(b: XmlElement, at: string): PrecedingInvoice {
  const ref = agg(b, 'InvoiceDocumentReference');
  return { at, reference: text(ref, 'ID'), issueDate: text(ref, 'IssueDate') };
}

function optional<T>(el: XmlElement | undefined, read: (el: XmlElement) => T): T | undefined {
  return el ? read(el) : undefined;
}

function identifier(el: XmlElement, at: string): Identifier {
  return { at, id: el.text, scheme: el.attrs.schemeID };
}

/**
 * Seller and buyer have a legal name (PartyLegalEntity) beside a trading name (PartyName); the
 * payee and the tax representative only have the party name.
 */
function party(p: XmlElement, at: string, legalName: boolean): Party {
  const legalId = basic2(p, 'PartyLegalEntity', 'CompanyID');
  const endpoint = basic(p, 'EndpointID');
  return {
    at,
    name: legalName ? text2(p, 'PartyLegalEntity', 'RegistrationName') : text2(p, 'PartyName', 'Name'),
    tradingName: legalName ? text2(p, 'PartyName', 'Name') : undefined,
    identifiers: aggs(p, 'PartyIdentification').flatMap((pi, i) => {
      const id = basic(pi, 'ID');
      return id ? [identifier(id, `${at}/cac:PartyIdentification[${i + 1}]/cbc:ID`)] : [];
    }),
    legalRegistration: legalId && identifier(legalId, `${at}/cac:PartyLegalEntity/cbc:CompanyID`),
    taxRegistrations: aggs(p, 'PartyTaxScheme').map(
      (s, i) => taxRegistration(s, `${at}/cac:PartyTaxScheme[${i + 1}]`),
    ),
    legalInfo: text2(p, 'PartyLegalEntity', 'CompanyLegalForm'),
    electronicAddress: endpoint && identifier(endpoint, `${at}/cbc:EndpointID`),
    address: optional(agg(p, 'PostalAddress'), (a) => address(a, `${at}/cac:PostalAddress`)),
    contact: optional(agg(p, 'Contact'), (c): Contact => ({
      at: `${at}/cac:Contact`,
      name: text(c, 'Name'),
      phone: text(c, 'Telephone'),
      email: text(c, 'ElectronicMail'),
    })),
  };
}

const taxRegistration = (s: XmlElement, at: string): TaxRegistration => ({ at, id: text(s, 'CompanyID'), scheme: text2(s, 'TaxScheme', 'ID') });

const emptyParty = (at: string): Party => ({ at, identifiers: [], taxRegistrations: [] });

function address(a: XmlElement, at: string): Address {
  return {
    at,
    line1: text(a, 'StreetName'),
    line2: text(a, 'AdditionalStreetName'),
    line3: text2(a, 'AddressLine', 'Line'),
    city: text(a, 'CityName'),
    postCode: text(a, 'PostalZone'),
    subdivision: text(a, 'CountrySubentity'),
    countryCode: text2(a, 'Country', 'IdentificationCode'),
  };
}

function periodOf(p: XmlElement, at: string): Period {
  return { at, start: text(p, 'StartDate'), end: text(p, 'EndDate') };
}

function breakdown(sub: XmlElement, at: string): VatBreakdown {
  return { at, taxableAmount: text(sub, 'TaxableAmount'), taxAmount: text(sub, 'TaxAmount'), category: taxCategory(agg(sub, 'TaxCategory'), `${at}/cac:TaxCategory`) };
}

function taxCategory(c: XmlElement | undefined, at: string): TaxCategory {
  return {
    at,
    code: text(c, 'ID'),
    rate: text(c, 'Percent'),
    scheme: text2(c, 'TaxScheme', 'ID'),
    exemptionReason: text(c, 'TaxExemptionReason'),
    exemptionReasonCode: text(c, 'TaxExemptionReasonCode'),
  };
}

function allowanceCharge(ac: XmlElement, at: string): AllowanceCharge {
  return {
    at,
    chargeIndicator: text(ac, 'ChargeIndicator'),
    amount: text(ac, 'Amount'),
    baseAmount: text(ac, 'BaseAmount'),
    percentage: text(ac, 'MultiplierFactorNumeric'),
    taxCategories: aggs(ac, 'TaxCategory').map((c, i) => taxCategory(c, `${at}/cac:TaxCategory[${i + 1}]`)),
    reason: text(ac, 'AllowanceChargeReason'),
    reasonCode: text(ac, 'AllowanceChargeReasonCode'),
  };
}

function paymentMeansOf(m: XmlElement, at: string): PaymentMeans {
  const account = agg(m, 'PayeeFinancialAccount');
  const card = agg(m, 'CardAccount');
  return {
    at,
    code: text(m, 'PaymentMeansCode'),
    text: basic(m, 'PaymentMeansCode')?.attrs.name,
    creditTransfers: account
      ? [
          {
            at: `${at}/cac:PayeeFinancialAccount`,
            accountId: text(account, 'ID'),
            accountName: text(account, 'Name'),
            serviceProvider: text2(account, 'FinancialInstitutionBranch', 'ID'),
          },
        ]
      : [],
    card: card && {
      at: `${at}/cac:CardAccount`,
      primaryAccountNumber: text(card, 'PrimaryAccountNumberID'),
      holderName: text(card, 'HolderName'),
    },
  };
}

function supportingDocument(d: XmlElement, at: string): SupportingDocument {
  const id = basic(d, 'ID');
  const attachment = agg(d, 'Attachment');
  const binary = basic(attachment, 'EmbeddedDocumentBinaryObject');
  return {
    at,
    reference: id?.text,
    scheme: id?.attrs.schemeID,
    typeCode: text(d, 'DocumentTypeCode'),
    description: text(d, 'DocumentDescription'),
    uri: text2(attachment, 'ExternalReference', 'URI'),
    attachment: binary && { content: binary.text, mimeCode: binary.attrs.mimeCode, filename: binary.attrs.filename },
  };
}

function line(l: XmlElement, at: string, creditNote: boolean): Line {
  const quantity = basic(l, creditNote ? 'CreditedQuantity' : 'InvoicedQuantity');
  const item = agg(l, 'Item');
  const price = agg(l, 'Price');
  return {
    at,
    id: text(l, 'ID'),
    note: text(l, 'Note'),
    objectReference: optional(agg(l, 'DocumentReference'), (d) => supportingDocument(d, `${at}/cac:DocumentReference`)),
    quantity: quantity?.text,
    unitCode: quantity?.attrs.unitCode,
    netAmount: text(l, 'LineExtensionAmount'),
    orderLineReference: text2(l, 'OrderLineReference', 'LineID'),
    accountingReference: text(l, 'AccountingCost'),
    period: optional(agg(l, 'InvoicePeriod'), (p) => periodOf(p, `${at}/cac:InvoicePeriod`)),
    allowanceCharges: aggs(l, 'AllowanceCharge').map((ac, i) => allowanceCharge(ac, `${at}/cac:AllowanceCharge[${i + 1}]`)),
    price: price && priceOf(price, `${at}/cac:Price`),
    taxCategories: aggs(item, 'ClassifiedTaxCategory').map((c, i) => taxCategory(c, `${at}/cac:Item/cac:ClassifiedTaxCategory[${i + 1}]`)),
    item: item && itemOf(item, `${at}/cac:Item`),
  };
}

const itemAttribute = (a: XmlElement, at: string): ItemAttribute => ({ at, name: text(a, 'Name'), value: text(a, 'Value') });

function priceOf(p: XmlElement, at: string): Price {
  const discount = agg(p, 'AllowanceCharge');
  const base = basic(p, 'BaseQuantity');
  return {
    at,
    netAmount: text(p, 'PriceAmount'),
    discount: text(discount, 'Amount'),
    grossAmount: text(discount, 'BaseAmount'),
    baseQuantity: base?.text,
    baseQuantityUnit: base?.attrs.unitCode,
  };
}

function itemOf(item: XmlElement, at: string): Item {
  const standard = basic(agg(item, 'StandardItemIdentification'), 'ID');
  return {
    at,
    name: text(item, 'Name'),
    description: text(item, 'Description'),
    sellerId: text2(item, 'SellersItemIdentification', 'ID'),
    buyerId: text2(item, 'BuyersItemIdentification', 'ID'),
    standardId: standard && identifier(standard, `${at}/cac:StandardItemIdentification/cbc:ID`),
    classifications: aggs(item, 'CommodityClassification').flatMap((c, i) => {
      const code = basic(c, 'ItemClassificationCode');
      return code
        ? [{ at: `${at}/cac:CommodityClassification[${i + 1}]/cbc:ItemClassificationCode`, code: code.text, listId: code.attrs.listID, listVersion: code.attrs.listVersionID }]
        : [];
    }),
    originCountry: text2(item, 'OriginCountry', 'IdentificationCode'),
    attributes: aggs(item, 'AdditionalItemProperty').map((a, i) => itemAttribute(a, `${at}/cac:AdditionalItemProperty[${i + 1}]`)),
  };
}
