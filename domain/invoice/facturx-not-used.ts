/**
 * What Factur-X's Schematrons for MINIMUM, BASIC WL and EXTENDED (1.09.2) mark as not used:
 * elements and attributes those profiles leave out, which their XSDs let through because
 * Factur-X's schemas give the seller, the buyer, the payee… one party type. A MINIMUM buyer's
 * postal address passes the schema and is an error for Factur-X. EXTENDED's long list is in
 * facturx-not-used-extended.ts.
 *
 * One path a line, below the root; `@ path` lines set the context of the lines after them (`.` is
 * the root). A last step `@name` is an attribute; a step `ram:(A|B)` stands for both names. A
 * step's `[variant]` narrows it as VARIANTS says, each the predicate the Schematron writes there.
 * Each match is one finding, as the Schematron reports once per context node.
 */
import type { Finding } from '../finding.ts';
import { intern } from '../xml/names.ts';
import { child, children, type XmlElement } from '../xml/tree.ts';
import { EXTENDED_NOT_USED } from './facturx-not-used-extended.ts';
import type { ProfileWithoutLines } from './intake/index.ts';
import { CII_NS } from './syntax/namespaces.ts';
import { compilePath, type Step as NameStep } from './syntax/path.ts';

const HEADER = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
const DELIVERY = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery';

/** What BASIC WL does not use in a document level allowance, and in a charge. */
const ALLOWANCE_OR_CHARGE = `ram:ActualAmount/@currencyID
ram:BasisAmount/@currencyID
ram:CategoryTradeTax/ram:BasisAmount
ram:CategoryTradeTax/ram:CalculatedAmount
ram:CategoryTradeTax/ram:DueDateTypeCode
ram:CategoryTradeTax/ram:ExemptionReason
ram:CategoryTradeTax/ram:ExemptionReasonCode`;

const BOTH = `
@ .
rsm:ExchangedDocument/ram:ID/@schemeID
rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID/@schemeID
rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/@schemeID
@ ${HEADER}
ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/@schemeID
ram:SellerTradeParty/ram:SpecifiedTaxRegistration[other-scheme]
@ ${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation
ram:DuePayableAmount/@currencyID
ram:GrandTotalAmount/@currencyID
ram:TaxBasisTotalAmount/@currencyID
ram:TaxTotalAmount[other-currency]
`;

/** The profiles whose Schematrons mark elements as not used and that the validator holds to them. */
export type NotUsedProfile = ProfileWithoutLines | 'extended';

const NOT_USED: Record<NotUsedProfile, string> = {
  minimum: `${BOTH}
@ ${HEADER}/ram:BuyerTradeParty
ram:PostalTradeAddress
ram:SpecifiedTaxRegistration
`,
  basicwl: `${BOTH}
@ ${HEADER}
ram:BuyerOrderReferencedDocument/ram:FormattedIssueDateTime
ram:BuyerTradeParty/ram:ID/@schemeID
ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:TradingBusinessName
ram:ContractReferencedDocument/ram:FormattedIssueDateTime
ram:ContractReferencedDocument/ram:IssuerAssignedID/@schemeID
ram:SellerTaxRepresentativeTradeParty/ram:GlobalID
ram:SellerTaxRepresentativeTradeParty/ram:ID
ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedLegalOrganization
ram:SellerTaxRepresentativeTradeParty/ram:URIUniversalCommunication
ram:SellerTradeParty/ram:ID/@schemeID
@ ${DELIVERY}
ram:DespatchAdviceReferencedDocument/ram:FormattedIssueDateTime
ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID/@schemeID
ram:ShipToTradeParty/ram:ID/@schemeID
ram:ShipToTradeParty/ram:SpecifiedLegalOrganization
ram:ShipToTradeParty/ram:SpecifiedTaxRegistration
ram:ShipToTradeParty/ram:URIUniversalCommunication
@ ${SETTLEMENT}
ram:ApplicableTradeTax/ram:BasisAmount/@currencyID
ram:ApplicableTradeTax/ram:CalculatedAmount/@currencyID
ram:CreditorReferenceID/@schemeID
ram:InvoiceReferencedDocument/ram:IssuerAssignedID/@schemeID
ram:PayeeTradeParty/ram:ID/@schemeID
ram:PayeeTradeParty/ram:PostalTradeAddress
ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:TradingBusinessName
ram:PayeeTradeParty/ram:SpecifiedTaxRegistration
ram:PayeeTradeParty/ram:URIUniversalCommunication
ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID/@schemeID
ram:SpecifiedTradeAllowanceCharge[neither]
ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID/@schemeID
ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID/@schemeID
ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID/@schemeID
ram:SpecifiedTradeSettlementPaymentMeans/ram:PayerPartyDebtorFinancialAccount/ram:IBANID/@schemeID
@ ${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation
ram:AllowanceTotalAmount/@currencyID
ram:ChargeTotalAmount/@currencyID
ram:LineTotalAmount/@currencyID
ram:TotalPrepaidAmount/@currencyID
@ ${SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge[allowance]
${ALLOWANCE_OR_CHARGE}
@ ${SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge[charge]
${ALLOWANCE_OR_CHARGE}
ram:ReasonCode[other-list]
`,
  extended: EXTENDED_NOT_USED,
};

const { rsm: RSM, ram: RAM, udt: UDT } = CII_NS;
const PREFIXES: Readonly<Record<string, string>> = { rsm: RSM, ram: RAM };

/** The texts of the `ram:a/udt:b`… grandchildren, as an XPath general comparison sees them. */
const texts = (el: XmlElement, ns: string, local: string, ns2: string, local2: string): string[] =>
  children(el, ns, local).flatMap((c) => children(c, ns2, local2).map((g) => g.text));
const indicator = (el: XmlElement): string[] => texts(el, RAM, 'ChargeIndicator', UDT, 'Indicator');
const typeCodes = (el: XmlElement): string[] => children(el, RAM, 'TypeCode').map((c) => c.text);

/** `not(@currencyID = settlement/ram:InvoiceCurrencyCode) and not(@currencyID = settlement/ram:TaxCurrencyCode)` */
function otherCurrency(el: XmlElement, settlement: XmlElement | undefined): boolean {
  const currency = el.attrs.currencyID;
  return currency === undefined || !['InvoiceCurrencyCode', 'TaxCurrencyCode'].some((c) => children(settlement, RAM, c).some((code) => code.text === currency));
}

const INVOICE_SETTLEMENT = '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';

/**
 * The Schematron's predicates, by the name the lists give them (`ancestors` end with the
 * element's parent), and how a message says them.
 */
interface Variant {
  /** The predicate as the Schematron writes it. */
  xpath: string;
  test: (el: XmlElement, ancestors: readonly XmlElement[]) => boolean;
  says: string;
}
const VARIANTS: Readonly<Record<string, Variant>> = {
  'other-scheme': {
    xpath: '[not(ram:ID/@schemeID="VA") and not(ram:ID/@schemeID="FC")]',
    test: (el) => !children(el, RAM, 'ID').some((id) => id.attrs.schemeID === 'VA' || id.attrs.schemeID === 'FC'),
    says: 'with no ID of scheme VA or FC',
  },
  'other-currency': {
    // `../..` is the settlement.
    xpath: '[not(@currencyID=../../ram:InvoiceCurrencyCode) and not(@currencyID=../../ram:TaxCurrencyCode)]',
    test: (el, ancestors) => otherCurrency(el, ancestors.at(-2)),
    says: 'in a currency that is neither the invoice’s nor the VAT accounting one',
  },
  neither: {
    xpath: '[not(ram:ChargeIndicator/udt:Indicator="false") and not(ram:ChargeIndicator/udt:Indicator="true")]',
    test: (el) => !indicator(el).some((t) => t === 'false' || t === 'true'),
    says: 'whose ChargeIndicator is neither true nor false',
  },
  allowance: { xpath: '[ram:ChargeIndicator/udt:Indicator="false"]', test: (el) => indicator(el).includes('false'), says: 'of an allowance' },
  charge: { xpath: '[ram:ChargeIndicator/udt:Indicator="true"]', test: (el) => indicator(el).includes('true'), says: 'of a charge' },
  'other-list': { xpath: '[not(not(@listID)) and not(@listID="5153")]', test: (el) => el.attrs.listID !== undefined && el.attrs.listID !== '5153', says: 'with a listID other than 5153' },
  // EXTENDED writes the same predicate the other way round.
  'list-other': { xpath: '[not(@listID="5153") and not(not(@listID))]', test: (el) => el.attrs.listID !== undefined && el.attrs.listID !== '5153', says: 'with a listID other than 5153' },
  'no-list': { xpath: '[not(@listID)]', test: (el) => el.attrs.listID === undefined, says: 'without a listID' },
  'other-currency-anywhere': {
    xpath: `[not(@currencyID=${INVOICE_SETTLEMENT}/ram:InvoiceCurrencyCode) and not(@currencyID=${INVOICE_SETTLEMENT}/ram:TaxCurrencyCode)]`,
    test: (el, ancestors) => {
      const settlement = child(child(ancestors[0], RSM, 'SupplyChainTradeTransaction'), RAM, 'ApplicableHeaderTradeSettlement');
      return otherCurrency(el, settlement);
    },
    says: 'in a currency that is neither the invoice’s nor the VAT accounting one',
  },
  object: { xpath: '[ram:TypeCode="130"]', test: (el) => typeCodes(el).includes('130'), says: 'of an invoiced object (type 130)' },
  tender: { xpath: '[ram:TypeCode="50"]', test: (el) => typeCodes(el).includes('50'), says: 'of a tender or lot (type 50)' },
  supporting: { xpath: '[ram:TypeCode="916"]', test: (el) => typeCodes(el).includes('916'), says: 'of a supporting document (type 916)' },
  'other-type': {
    xpath: '[not(ram:TypeCode="916") and not(ram:TypeCode="50") and not(ram:TypeCode="130")]',
    test: (el) => !typeCodes(el).some((t) => t === '916' || t === '50' || t === '130'),
    says: 'of a type other than 916, 50 or 130',
  },
};

interface Step extends NameStep {
  readonly variant?: Variant;
}
interface Entry {
  /** The path below the root, the predicates as the Schematron writes them. */
  xpath: string;
  /** The element (or attribute) and its parent, as a message names them. */
  what: string;
  steps: Step[];
  attribute?: string;
}

function step(written: string): Step {
  const m = /^(\w+):(\w+)(?:\[([\w-]+)\])?$/.exec(written);
  const variant = m?.[3] === undefined ? undefined : VARIANTS[m[3]];
  if (!m || PREFIXES[m[1]!] === undefined || (m[3] !== undefined && variant === undefined)) throw new Error(`facturx-not-used: cannot read the step ${written}`);
  // Compiled as the syntax rules' paths are: internalized, so that elements' names compare by pointer.
  const name = compilePath(`${m[1]}:${m[2]}`, PREFIXES)[0]!;
  return { ...name, ...(variant ? { variant } : {}) };
}

/** `ram:(A|B)` → `ram:A`, `ram:B`: the paths a step with alternatives stands for. */
function expand(steps: readonly string[]): string[][] {
  const k = steps.findIndex((s) => s.includes('('));
  if (k < 0) return [[...steps]];
  const m = /^(\w+):\(([\w|]+)\)$/.exec(steps[k]!);
  if (!m) throw new Error(`facturx-not-used: cannot read the step ${steps[k]}`);
  return m[2]!.split('|').flatMap((name) => expand([...steps.slice(0, k), `${m[1]}:${name}`, ...steps.slice(k + 1)]));
}

function compile(list: string): Entry[] {
  const entries: Entry[] = [];
  let context: string[] = [];
  for (const line of list.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('@ ')) {
      context = line === '@ .' ? [] : line.slice(2).split('/');
      continue;
    }
    for (const full of expand([...context, ...line.split('/')])) {
      const attribute = full.at(-1)!.startsWith('@') ? intern(full.at(-1)!.slice(1)) : undefined;
      const steps = (attribute === undefined ? full : full.slice(0, -1)).map(step);
      const what = full
        .slice(attribute === undefined ? -2 : -3)
        .join('/')
        .replace(/\[([\w-]+)\]/g, (_, v: string) => ` (${VARIANTS[v]!.says})`);
      const xpath = full.join('/').replace(/\[([\w-]+)\]/g, (_, v: string) => VARIANTS[v]!.xpath);
      entries.push({ xpath, what, steps, ...(attribute === undefined ? {} : { attribute }) });
    }
  }
  return entries;
}

/**
 * A profile's entries as a tree of their steps, shared by the entries that start alike: a
 * document is walked once for the whole list, where each entry walking it from the root cost up
 * to half a millisecond on an EXTENDED invoice.
 */
interface StepNode extends Step {
  readonly next: StepNode[];
  /** The entries whose path ends here (their index). */
  readonly ends: number[];
}

function stepTree(entries: readonly Entry[]): StepNode {
  const root: StepNode = { ns: RSM, local: 'CrossIndustryInvoice', next: [], ends: [] };
  entries.forEach((entry, i) => {
    let node = root;
    for (const s of entry.steps) {
      let next = node.next.find((n) => n.ns === s.ns && n.local === s.local && n.variant === s.variant);
      if (!next) node.next.push((next = { ...s, next: [], ends: [] }));
      node = next;
    }
    node.ends.push(i);
  });
  return root;
}

interface Compiled {
  entries: Entry[];
  tree: StepNode;
}
const compiled = (list: string): Compiled => {
  const entries = compile(list);
  return { entries, tree: stepTree(entries) };
};
const COMPILED: Record<NotUsedProfile, Compiled> = { minimum: compiled(NOT_USED.minimum), basicwl: compiled(NOT_USED.basicwl), extended: compiled(NOT_USED.extended) };
const NAMES: Record<NotUsedProfile, string> = { minimum: 'MINIMUM', basicwl: 'BASIC WL', extended: 'EXTENDED' };

/** The profile's list, each path as the Schematron's context and report write it: for the oracle test to compare. */
export const notUsedXpaths = (profile: NotUsedProfile): string[] => COMPILED[profile].entries.map((e) => e.xpath);

/** One finding for each element (or attribute) of the profile's list that the document carries, in the list's order. */
export function notUsedByProfile(profile: NotUsedProfile, root: XmlElement): Finding[] {
  const { entries, tree } = COMPILED[profile];
  /** The findings of each entry, in document order. */
  const found: Finding[][] = [];
  const ancestors: XmlElement[] = [];
  const visit = (node: StepNode, el: XmlElement, path: string): void => {
    for (const i of node.ends) {
      const entry = entries[i]!;
      if (entry.attribute !== undefined && el.attrs[entry.attribute] === undefined) continue;
      (found[i] ??= []).push({
        rule: 'FACTURX-NOT-USED',
        severity: 'fatal',
        location: entry.attribute === undefined ? path : `${path}/@${entry.attribute}`,
        message: `${entry.what} is not used in Factur-X ${NAMES[profile]}.`,
      });
    }
    ancestors.push(el);
    for (const next of node.next) {
      const same = children(el, next.ns, next.local);
      same.forEach((c, k) => {
        if (!next.variant || next.variant.test(c, ancestors)) visit(next, c, `${path}/${next.ns === RSM ? 'rsm' : 'ram'}:${next.local}${same.length > 1 ? `[${k + 1}]` : ''}`);
      });
    }
    ancestors.pop();
  };
  visit(tree, root, '/rsm:CrossIndustryInvoice');
  const out: Finding[] = [];
  for (const f of found) if (f) out.push(...f);
  return out;
}
