/**
 * The CII checks bound to elements wherever they occur, in one pass over the XML: the code lists
 * (BR-CL) and the syntax rules of the official artefact, CII-SR (an element the binding has once
 * is there once) and CII-DT (data types: no attributes or children the binding leaves out,
 * format 102 dates). Each element gets the rules of the first context of the pattern it
 * matches, as Schematron does: so the `ram:TypeCode` context shadows the more specific one of the
 * document type code, whose CII-DT-010…012 never fire. The warnings on elements the binding
 * leaves out are data (unused-element-lists.ts); the other warnings are here.
 */
import type { Finding } from '../../finding.ts';
import { bool, normalizeSpace } from '../rules/xpath.ts';
import { CII_NS } from './namespaces.ts';
import { checkCiiCodeLists } from './cii-codes.ts';
import { compilePath, isStep, pathSelector, type Step } from './path.ts';
import { CII_UNUSED } from './unused-element-lists.ts';
import { unusedElements, type PathNode } from './unused-elements.ts';
import { parentOf, pathOf, walk, type Ancestors } from './walk.ts';
import { PerLocalName } from '../../xml/names.ts';
import { child, children, hasAttributes, is, type XmlElement } from '../../xml/tree.ts';

const { rsm: RSM, ram: RAM, udt: UDT } = CII_NS;

type Report = (ok: boolean, rule: string, message: string, severity?: Finding['severity']) => void;

export function checkCiiSyntax(root: XmlElement, out: Finding[]): void {
  const lines = select([root], LINE);
  const document: DocumentFacts = {
    billedUnitCode: select(lines, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity').some((q) => q.attrs.unitCode !== undefined),
    // `//ram:ApplicableTradeTax/ram:DueDateTypeCode`: breakdowns and lines.
    vatDateCodes: new Set(
      [...select([root], HEADER_TAX), ...select(lines, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax')]
        .flatMap((t) => children(t, RAM, 'DueDateTypeCode'))
        .map((c) => c.text),
    ).size,
  };
  let el: XmlElement = root;
  let ancestors: Ancestors = [];
  const report: Report = (ok, rule, message, severity = 'fatal') => {
    if (!ok) out.push({ rule, severity, location: pathOf(el, ancestors), message });
  };
  const unused = checkUnused();
  const nodes: (PathNode | undefined)[] = [];
  walk(root, (visited, above) => {
    el = visited;
    ancestors = above;
    const depth = ancestors.length;
    const at = depth === 0 ? unused.root : unused.step(nodes[depth - 1], el);
    nodes[depth] = at;
    unused.visit(el, ancestors, at, out);
    checkCiiCodeLists(el, ancestors, out);
    if (ancestors.length === 0) checkRoot(root, report);
    else if (!checkStructure(el, ancestors, document, report)) checkDataType(el, ancestors, document, report);
  });
}

/** The named context an element of this local name is, if it is in the ram namespace where the context says so ('' for none). */
const NAMED_CONTEXT = new PerLocalName((local) => {
  if (local.endsWith('DocumentContextParameter')) return '//*DocumentContextParameter';
  if (local === 'SpecifiedTradeSettlementPaymentMeans') return '//ram:SpecifiedTradeSettlementPaymentMeans';
  return local.endsWith('TradeTax') ? '//ram:*TradeTax' : '';
});

/** The three CII contexts given by name rather than by place. */
function namedContext(el: XmlElement): string | undefined {
  const context = NAMED_CONTEXT.get(el);
  return context === '' || (el.ns !== RAM && context.startsWith('//ram:')) ? undefined : context;
}

const checkUnused = unusedElements(CII_UNUSED, { rsm: RSM, ram: RAM, udt: UDT, qdt: CII_NS.qdt }, namedContext);

/** What some contexts ask of the whole document, found once. */
interface DocumentFacts {
  /** A line's billed quantity has a unit code. */
  readonly billedUnitCode: boolean;
  /** Distinct VAT point date codes (BT-8). */
  readonly vatDateCodes: number;
}

const NAMESPACES = { rsm: RSM, ram: RAM, udt: UDT };
const { select, count } = pathSelector(NAMESPACES);
const none = (el: XmlElement, path: string): boolean => count(el, path) === 0;

const TRANSACTION = 'rsm:SupplyChainTradeTransaction';
const LINE = `${TRANSACTION}/ram:IncludedSupplyChainTradeLineItem`;
const SETTLEMENT = `${TRANSACTION}/ram:ApplicableHeaderTradeSettlement`;
const HEADER_TAX = `${SETTLEMENT}/ram:ApplicableTradeTax`;

/** A path below the root (`rsm:…/ram:…`) as the names to compare with an element's ancestors. */
const absolute = (path: string): readonly Step[] => compilePath(path, NAMESPACES);

/** Whether the element is at that path below the root (`ancestors` starts with the root), compared name by name: no path is written out. */
function isAt(el: XmlElement, ancestors: Ancestors, path: readonly Step[]): boolean {
  if (ancestors.length !== path.length) return false;
  if (!isStep(el, path[path.length - 1]!)) return false;
  for (let i = 1; i < ancestors.length; i++) if (!isStep(ancestors[i]!, path[i - 1]!)) return false;
  return true;
}

/** The structural contexts given by their place below the root, each by the name its case has below. */
const PLACED_PATHS = {
  context: 'rsm:ExchangedDocumentContext',
  document: 'rsm:ExchangedDocument',
  note: 'rsm:ExchangedDocument/ram:IncludedNote',
  line: LINE,
  lineDocument: `${LINE}/ram:AssociatedDocumentLineDocument`,
  lineSettlement: `${LINE}/ram:SpecifiedLineTradeSettlement`,
  lineDelivery: `${LINE}/ram:SpecifiedLineTradeDelivery`,
  lineAgreement: `${LINE}/ram:SpecifiedLineTradeAgreement`,
  product: `${LINE}/ram:SpecifiedTradeProduct`,
  characteristic: `${LINE}/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic`,
  delivery: `${TRANSACTION}/ram:ApplicableHeaderTradeDelivery`,
  agreement: `${TRANSACTION}/ram:ApplicableHeaderTradeAgreement`,
  settlement: SETTLEMENT,
  summation: `${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`,
} as const;
type Placed = keyof typeof PLACED_PATHS;
const PLACED = (Object.entries(PLACED_PATHS) as [Placed, string][]).map(([context, path]) => ({ context, path: absolute(path) }));

function placedContext(el: XmlElement, ancestors: Ancestors): Placed | undefined {
  for (const { context, path } of PLACED) if (isAt(el, ancestors, path)) return context;
  return undefined;
}

/** Local names of the structural contexts: only these can match one. */
const STRUCTURAL: ReadonlySet<string> = new Set([
  'SpecifiedTradeSettlementPaymentMeans',
  'SpecifiedTradeAllowanceCharge',
  'AppliedTradeAllowanceCharge',
  'ExchangedDocumentContext',
  'ExchangedDocument',
  'IncludedNote',
  'IncludedSupplyChainTradeLineItem',
  'AssociatedDocumentLineDocument',
  'SpecifiedLineTradeDelivery',
  'SpecifiedLineTradeSettlement',
  'ApplicableHeaderTradeDelivery',
  'SpecifiedTradeProduct',
  'ApplicableProductCharacteristic',
  'SpecifiedLineTradeAgreement',
  'ApplicableHeaderTradeAgreement',
  'ApplicableHeaderTradeSettlement',
  'SpecifiedTradeSettlementHeaderMonetarySummation',
]);

const IS_STRUCTURAL = new PerLocalName((local) => STRUCTURAL.has(local));

/** The structural contexts (CII-SR), each an element at a fixed place or with a given name. Returns whether one matched. */
function checkStructure(el: XmlElement, ancestors: Ancestors, document: DocumentFacts, report: Report): boolean {
  if ((el.ns !== RAM && el.ns !== RSM) || !IS_STRUCTURAL.get(el)) return false;
  if (is(el, RAM, 'SpecifiedTradeSettlementPaymentMeans')) return true; // warnings only
  if (is(el, RAM, 'SpecifiedTradeAllowanceCharge')) {
    report(count(el, 'ram:ChargeIndicator') > 0, 'CII-SR-463', 'An allowance or charge (BG-20, BG-21) shall have a charge indicator.');
    report(count(el, 'ram:RateApplicablePercent') <= 1, 'CII-SR-471', 'RateApplicablePercent shall occur at most once.');
    report(count(el, 'ram:CategoryTradeTax') <= 1, 'CII-SR-472', 'CategoryTradeTax shall occur at most once.');
    report(count(el, 'ram:ActualAmount') <= 1, 'CII-SR-473', 'ActualAmount shall occur at most once.');
    return true;
  }
  if (el.local === 'AppliedTradeAllowanceCharge' && is(parentOf(ancestors), RAM, 'GrossPriceProductTradePrice')) {
    report(count(el, 'ram:ActualAmount') <= 1, 'CII-SR-440', 'ActualAmount shall occur at most once.');
    return true;
  }
  switch (placedContext(el, ancestors)) {
    case 'context':
      report(count(el, 'ram:BusinessProcessSpecifiedDocumentContextParameter') <= 1, 'CII-SR-003', 'The business process type (BT-23) should occur at most once.', 'warning');
      report(count(el, 'ram:GuidelineSpecifiedDocumentContextParameter') === 1, 'CII-SR-009', 'GuidelineSpecifiedDocumentContextParameter shall occur exactly once.');
      report(count(el, 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID') === 1, 'CII-SR-010', 'The specification identifier (BT-24) shall occur exactly once.');
      return true;
    case 'document':
      report(count(el, 'ram:TypeCode') === 1, 'CII-SR-014', 'The invoice type code (BT-3) shall occur exactly once.');
      return true;
    case 'note':
      report(count(el, 'ram:Content') <= 1, 'CII-SR-030', 'A note (BT-22) should have one content.', 'warning');
      return true;
    case 'lineDocument':
      report(count(el, 'ram:IncludedNote') <= 1, 'CII-SR-039', 'The invoice line note (BT-127) should occur at most once.', 'warning');
      report(count(el, 'ram:IncludedNote/ram:Content') <= 1, 'CII-SR-040', 'The invoice line note (BT-127) should occur at most once.', 'warning');
      return true;
    case 'lineSettlement': {
      report(count(el, 'ram:ApplicableTradeTax') === 1, 'CII-SR-454', 'An invoice line should have one VAT category (BG-30).', 'warning');
      const objects = children(el, RAM, 'AdditionalReferencedDocument').filter((d) => children(d, RAM, 'TypeCode').some((t) => normalizeSpace(t.text) === '130'));
      report(objects.length <= 1, 'CII-SR-474', 'The invoice line object identifier (BT-128) should occur at most once.', 'warning');
      return true;
    }
    case 'delivery':
      report(!(count(el, 'ram:ShipToTradeParty/ram:ID') > 0 && count(el, 'ram:ShipToTradeParty/ram:GlobalID') > 0), 'CII-SR-449', 'The deliver to location identifier (BT-71) should be an ID or a GlobalID, not both.', 'warning');
      return true;
    case 'line':
    case 'lineDelivery':
      return true; // only rules on absent elements
    case 'product': {
      const globalIds = children(el, RAM, 'GlobalID');
      report(globalIds.length === 0 || globalIds.some((g) => g.attrs.schemeID !== undefined), 'CII-SR-046', 'An item standard identifier (BT-157) shall have a scheme identifier.');
      report(none(el, 'ram:OriginTradeCountry') || count(el, 'ram:OriginTradeCountry/ram:ID') === 1, 'CII-SR-090', 'The item country of origin (BT-159) shall occur at most once.');
      return true;
    }
    case 'characteristic':
      report(count(el, 'ram:Description') === 1, 'CII-SR-069', 'An item attribute (BG-32) shall have one name (BT-160).');
      report(count(el, 'ram:Value') === 1, 'CII-SR-072', 'An item attribute (BG-32) shall have one value (BT-161).');
      return true;
    case 'lineAgreement': {
      // A price discount (BT-147) comes with its indicator, false, or neither is there.
      const discount = select([el], 'ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge');
      const indicators = select(discount, 'ram:ChargeIndicator');
      const amounts = select(discount, 'ram:ActualAmount').length;
      const allowance = indicators.some((i) => children(i, UDT, 'Indicator').some((x) => bool(x.text) === false));
      report((allowance && amounts > 0) || (indicators.length === 0 && amounts === 0), 'CII-SR-119', 'An item price discount (BT-147) should be an allowance with its amount.', 'warning');
      const netPrices = count(el, 'ram:NetPriceProductTradePrice/ram:ChargeAmount');
      report(netPrices === 1, 'CII-SR-439', 'The item net price (BT-146) shall occur exactly once.');
      report(netPrices <= 1, 'CII-SR-441', 'The item net price (BT-146) shall occur at most once.');
      return true;
    }
    case 'agreement': {
      report(!(count(el, 'ram:BuyerTradeParty/ram:ID') > 0 && count(el, 'ram:BuyerTradeParty/ram:GlobalID') > 0), 'CII-SR-450', 'The buyer identifier (BT-46) should be an ID or a GlobalID, not both.', 'warning');
      const documents = (type: string, trimmed: boolean) =>
        children(el, RAM, 'AdditionalReferencedDocument').filter((d) => children(d, RAM, 'TypeCode').some((t) => (trimmed ? normalizeSpace(t.text) : t.text) === type));
      report(documents('50', false).length <= 1, 'CII-SR-457', 'The tender or lot reference (BT-17) should occur at most once.', 'warning');
      report(documents('130', false).length <= 1, 'CII-SR-458', 'The invoiced object identifier (BT-18) should occur at most once.', 'warning');
      const contactHasBoth = (party: ContactPaths) => count(el, party.person) > 0 && count(el, party.department) > 0;
      report(!contactHasBoth(SELLER_CONTACT), 'CII-SR-465', 'The seller contact point (BT-41) should be a person or a department, not both.', 'warning');
      report(!contactHasBoth(BUYER_CONTACT), 'CII-SR-466', 'The buyer contact point (BT-56) should be a person or a department, not both.', 'warning');
      const attachments = documents('916', true);
      report(select(attachments, 'ram:Name').length <= 1, 'CII-SR-475', 'The supporting document description (BT-123) should occur at most once.', 'warning');
      report(select(attachments, 'ram:AttachmentBinaryObject').length <= 1, 'CII-SR-476', 'The attached document (BT-125) should occur at most once.', 'warning');
      report(count(el, 'ram:SellerTradeParty/ram:DefinedTradeContact') <= 1, 'CII-SR-455', 'The seller contact (BG-6) shall occur at most once.');
      report(count(el, 'ram:BuyerTradeParty/ram:DefinedTradeContact') <= 1, 'CII-SR-456', 'The buyer contact (BG-9) shall occur at most once.');
      report(count(el, 'ram:SellerTradeParty/ram:URIUniversalCommunication') <= 1, 'CII-SR-459', 'The seller electronic address (BT-34) shall occur at most once.');
      report(count(el, 'ram:BuyerTradeParty/ram:URIUniversalCommunication') <= 1, 'CII-SR-460', 'The buyer electronic address (BT-49) shall occur at most once.');
      return true;
    }
    case 'settlement': {
      report(!(count(el, 'ram:PayeeTradeParty/ram:ID') > 0 && count(el, 'ram:PayeeTradeParty/ram:GlobalID') > 0), 'CII-SR-451', 'The payee identifier (BT-60) should be an ID or a GlobalID, not both.', 'warning');
      report(count(el, 'ram:SpecifiedTradePaymentTerms') <= 1, 'CII-SR-452', 'The payment terms should occur at most once.', 'warning');
      report(count(el, 'ram:SpecifiedTradePaymentTerms/ram:Description') <= 1, 'CII-SR-453', 'The payment terms (BT-20) should occur at most once.', 'warning');
      report(count(el, 'ram:ApplicableTradeTax/ram:TaxPointDate') <= 1, 'CII-SR-461', 'The value added tax point date (BT-7) shall occur at most once.');
      report(document.vatDateCodes <= 1, 'CII-SR-462', 'The value added tax point date code (BT-8) shall have one value.');
      const transfers = children(el, RAM, 'SpecifiedTradeSettlementPaymentMeans').filter((m) => {
        const codes = children(m, RAM, 'TypeCode').map((c) => normalizeSpace(c.text));
        const accounts = select([m], 'ram:PayeePartyCreditorFinancialAccount');
        return (codes.includes('30') || codes.includes('58')) && accounts.every((a) => none(a, 'ram:IBANID') && none(a, 'ram:ProprietaryID'));
      });
      report(transfers.length === 0, 'CII-SR-470', 'A credit transfer (BT-81 30 or 58) shall give the IBAN or a proprietary account identifier (BT-84).');
      return true;
    }
    case 'summation':
      for (const { local, path, rule } of SUMMATION_ONCE) if (count(el, path) > 1) report(false, rule, `${local} shall occur at most once.`);
      return true;
  }
  return false;
}

const SUMMATION_ONCE: readonly { local: string; path: string; rule: string }[] = ([
  ['LineTotalAmount', 'CII-SR-477'],
  ['ChargeTotalAmount', 'CII-SR-478'],
  ['AllowanceTotalAmount', 'CII-SR-479'],
  ['TaxBasisTotalAmount', 'CII-SR-480'],
  ['RoundingAmount', 'CII-SR-481'],
  ['GrandTotalAmount', 'CII-SR-482'],
  ['InformationAmount', 'CII-SR-483'],
  ['TotalPrepaidAmount', 'CII-SR-484'],
  ['TotalDiscountAmount', 'CII-SR-485'],
  ['TotalAllowanceChargeAmount', 'CII-SR-486'],
  ['DuePayableAmount', 'CII-SR-487'],
  ['RetailValueExcludingTaxInformationAmount', 'CII-SR-488'],
  ['TotalDepositFeeInformationAmount', 'CII-SR-489'],
  ['ProductValueExcludingTobaccoTaxInformationAmount', 'CII-SR-490'],
  ['TotalRetailValueInformationAmount', 'CII-SR-491'],
  ['GrossLineTotalAmount', 'CII-SR-492'],
  ['NetLineTotalAmount', 'CII-SR-493'],
  ['NetIncludingTaxesLineTotalAmount', 'CII-SR-494'],
] as const).map(([local, rule]) => ({ local, path: `ram:${local}`, rule }));

/** A party's contact person and department name paths (CII-SR-465, 466). */
interface ContactPaths {
  readonly person: string;
  readonly department: string;
}
const contactPaths = (party: string): ContactPaths => ({ person: `ram:${party}/ram:DefinedTradeContact/ram:PersonName`, department: `ram:${party}/ram:DefinedTradeContact/ram:DepartmentName` });
const SELLER_CONTACT = contactPaths('SellerTradeParty');
const BUYER_CONTACT = contactPaths('BuyerTradeParty');

function checkRoot(root: XmlElement, report: Report): void {
  report(root.attrs.languageID === undefined, 'CII-DT-013', 'The attribute languageID shall not be present.');
  report(root.attrs.languageLocaleID === undefined, 'CII-DT-014', 'The attribute languageLocaleID shall not be present.');
  const settlements = select([root], SETTLEMENT);
  const means = select(settlements, 'ram:SpecifiedTradeSettlementPaymentMeans');
  const sameEverywhere = (values: string[]) => values.every((v) => normalizeSpace(v) === normalizeSpace(values[0]));
  report(sameEverywhere(select(means, 'ram:TypeCode').map((c) => c.text)), 'CII-SR-467', 'All payment means type codes (BT-81) shall be equal.');
  report(sameEverywhere(select(means, 'ram:Information').map((c) => c.text)), 'CII-SR-468', 'All payment means texts (BT-82) shall be equal.');
  report(select(settlements, 'ram:PaymentReference').length <= 1, 'CII-SR-469', 'The remittance information (BT-83) shall occur at most once.');
}

/** The identifiers the binding reads: their scheme attributes are all left out (CII-DT-001…007). */
const BARE_IDS: readonly (readonly Step[])[] = [
  'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID',
  'rsm:ExchangedDocument/ram:ID',
  `${LINE}/ram:AssociatedDocumentLineDocument/ram:LineID`,
  `${LINE}/ram:SpecifiedTradeProduct/ram:SellerAssignedID`,
].map(absolute);

const isBareId = (el: XmlElement, ancestors: Ancestors): boolean => {
  for (const path of BARE_IDS) if (isAt(el, ancestors, path)) return true;
  return false;
};

/** Which CII-DT context a ram element of this local name is, by the end of the name. */
const DATA_TYPE = new PerLocalName((name) => {
  if (name.endsWith('ID')) return 'id';
  if (name === 'TypeCode') return 'type-code';
  if (name.endsWith('ReferencedDocument')) return 'referenced-document';
  if (name.endsWith('Amount') && name !== 'TaxTotalAmount') return 'amount';
  if (name.endsWith('Quantity')) return 'quantity';
  return name.endsWith('TradeTax') ? 'trade-tax' : 'none';
});

/** CII-DT contexts, by the end of the element name. */
function checkDataType(el: XmlElement, ancestors: Ancestors, document: DocumentFacts, report: Report): void {
  if (el.ns === UDT) {
    if (el.local === 'DateTimeString' && el.attrs.format === '102') {
      report(DATE_102.test(el.text), 'CII-DT-097', 'A date with format 102 shall be written YYYYMMDD.');
    }
    return;
  }
  if (el.ns !== RAM) return;
  const name = el.local;
  const kind = DATA_TYPE.get(el);
  if (kind === 'id') {
    // Only attributes to look for: most identifiers have none.
    if (!hasAttributes(el)) return;
    const bare = (name === 'ID' || name === 'LineID' || name === 'SellerAssignedID') && isBareId(el, ancestors);
    for (const attributeRule of bare ? BARE_ID_ATTRIBUTES : ID_ATTRIBUTES) absent(el, attributeRule[0], attributeRule[1], report);
  } else if (kind === 'type-code') {
    absent(el, 'name', 'CII-DT-008', report);
    absent(el, 'listURI', 'CII-DT-009', report);
  } else if (kind === 'referenced-document') {
    checkReferencedDocument(el, report);
  } else if (kind === 'amount') {
    absent(el, 'currencyID', 'CII-DT-031', report);
    absent(el, 'currencyCodeListVersionID', 'CII-DT-032', report);
  } else if (kind === 'quantity') {
    report(el.attrs.unitCode === undefined || document.billedUnitCode, 'CII-DT-033', 'The attribute unitCode shall not be present here.');
    absent(el, 'unitCodeListID', 'CII-DT-034', report);
    absent(el, 'unitCodeListAgencyID', 'CII-DT-035', report);
    absent(el, 'unitCodeListAgencyName', 'CII-DT-036', report);
  } else if (kind === 'trade-tax') {
    let types = 0;
    let vat = false;
    for (const c of el.children) {
      if (is(c, RAM, 'TypeCode')) {
        types++;
        vat ||= c.text === 'VAT';
      }
    }
    report(types === 0 || vat, 'CII-DT-037', "The tax type code shall be 'VAT'.");
    // What only a VAT breakdown, or only an ApplicableTradeTax, may say.
    let inHeader = false;
    for (const a of ancestors) inHeader ||= is(a, RAM, 'ApplicableHeaderTradeSettlement');
    const applicable = name === 'ApplicableTradeTax';
    onlyIn(el, 'BasisAmount', inHeader, 'CII-DT-041', report, 'warning');
    onlyIn(el, 'ExemptionReasonCode', applicable, 'CII-DT-052', report, 'warning');
    onlyIn(el, 'ExemptionReason', applicable, 'CII-DT-098', report, 'warning');
    onlyIn(el, 'TaxPointDate', inHeader, 'CII-DT-054', report, 'warning');
    onlyIn(el, 'DueDateTypeCode', inHeader, 'CII-DT-058', report, 'warning');
  } else if (name === 'BillingSpecifiedPeriod') {
    report(count(el, 'ram:StartDateTime/udt:DateTime') === 0, 'CII-DT-068', 'DateTime shall not be used.');
    report(count(el, 'ram:EndDateTime/udt:DateTime') === 0, 'CII-DT-072', 'DateTime shall not be used.');
    for (const unused of PERIOD_UNUSED) noChild(el, unused[0], unused[1], report);
  } else if (name === 'PostalTradeAddress') {
    for (const unused of ADDRESS_UNUSED) noChild(el, unused[0], unused[1], report);
  }
}

/** A child only some contexts may have (`allowed`): reported where it is not, a warning saying "should". */
function onlyIn(el: XmlElement, local: string, allowed: boolean, rule: string, report: Report, severity: Finding['severity'] = 'fatal'): void {
  if (!allowed && child(el, RAM, local)) report(false, rule, `${local} ${severity === 'warning' ? 'should' : 'shall'} not be used here.`, severity);
}

function absent(el: XmlElement, attribute: string, rule: string, report: Report): void {
  if (el.attrs[attribute] !== undefined) report(false, rule, `The attribute ${attribute} shall not be present.`);
}

function noChild(el: XmlElement, local: string, rule: string, report: Report): void {
  if (child(el, RAM, local)) report(false, rule, `${local} shall not be used.`);
}

const DATE_102 = /^[ \t\n\r]*\p{Nd}{4}(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])[ \t\n\r]*$/u;

/** The attributes no identifier may carry (CII-DT-101…104). */
const ID_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['schemeName', 'CII-DT-101'],
  ['schemeAgencyName', 'CII-DT-102'],
  ['schemeDataURI', 'CII-DT-103'],
  ['schemeURI', 'CII-DT-104'],
];

/** The attributes the identifiers in BARE_IDS may not carry. */
const BARE_ID_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['schemeName', 'CII-DT-001'],
  ['schemeAgencyName', 'CII-DT-002'],
  ['schemeDataURI', 'CII-DT-003'],
  ['schemeURI', 'CII-DT-004'],
  ['schemeID', 'CII-DT-005'],
  ['schemeAgencyID', 'CII-DT-006'],
  ['schemeVersionID', 'CII-DT-007'],
];

function checkReferencedDocument(el: XmlElement, report: Report): void {
  const additional = el.local === 'AdditionalReferencedDocument';
  const types = children(el, RAM, 'TypeCode').map((t) => t.text);
  const attachment = additional && types.includes('916');
  onlyIn(el, 'URIID', attachment, 'CII-DT-015', report);
  noChild(el, 'StatusCode', 'CII-DT-016', report);
  noChild(el, 'CopyIndicator', 'CII-DT-017', report);
  onlyIn(el, 'TypeCode', additional && (types.includes('50') || types.includes('130') || types.includes('916')), 'CII-DT-018', report);
  noChild(el, 'GlobalID', 'CII-DT-019', report);
  noChild(el, 'RevisionID', 'CII-DT-020', report);
  onlyIn(el, 'Name', attachment, 'CII-DT-021', report);
  onlyIn(el, 'AttachmentBinaryObject', attachment, 'CII-DT-022', report);
  noChild(el, 'Information', 'CII-DT-023', report);
  onlyIn(el, 'ReferenceTypeCode', additional && types.includes('130'), 'CII-DT-024', report);
  noChild(el, 'SectionName', 'CII-DT-025', report);
  noChild(el, 'PreviousRevisionID', 'CII-DT-026', report);
  onlyIn(el, 'FormattedIssueDateTime', el.local === 'InvoiceReferencedDocument', 'CII-DT-027', report);
  noChild(el, 'EffectiveSpecifiedPeriod', 'CII-DT-028', report);
  noChild(el, 'IssuerTradeParty', 'CII-DT-029', report);
  noChild(el, 'AttachedSpecifiedBinaryFile', 'CII-DT-030', report);
}

const PERIOD_UNUSED: readonly (readonly [string, string])[] = [
  ['DurationMeasure', 'CII-DT-069'],
  ['InclusiveIndicator', 'CII-DT-070'],
  ['Description', 'CII-DT-071'],
  ['CompleteDateTime', 'CII-DT-073'],
  ['OpenIndicator', 'CII-DT-074'],
  ['SeasonCode', 'CII-DT-075'],
  ['ID', 'CII-DT-076'],
  ['Name', 'CII-DT-077'],
  ['SequenceNumeric', 'CII-DT-078'],
  ['StartDateFlexibilityCode', 'CII-DT-079'],
  ['ContinuousIndicator', 'CII-DT-080'],
  ['PurposeCode', 'CII-DT-081'],
];

const ADDRESS_UNUSED: readonly (readonly [string, string])[] = [
  ['ID', 'CII-DT-082'],
  ['PostOfficeBox', 'CII-DT-083'],
  ['BuildingName', 'CII-DT-084'],
  ['LineFour', 'CII-DT-086'],
  ['LineFive', 'CII-DT-087'],
  ['StreetName', 'CII-DT-088'],
  ['CitySubDivisionName', 'CII-DT-089'],
  ['CountryName', 'CII-DT-090'],
  ['CountrySubDivisionID', 'CII-DT-091'],
  ['AttentionOf', 'CII-DT-092'],
  ['CareOf', 'CII-DT-093'],
  ['BuildingNumber', 'CII-DT-094'],
  ['DepartmentName', 'CII-DT-095'],
  ['AdditionalStreetName', 'CII-DT-096'],
];
