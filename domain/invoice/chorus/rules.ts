/**
 * The French public sector's rules (Chorus Pro) on an invoice already valid under EN 16931,
 * given what the buyer directory says of its buyer. Rule ids are the project's own (FR-…),
 * listed in README.md beside this file.
 */
import type { Finding } from '../../finding.ts';
import { CADRE_LABELS, CADRES_DESCRIBED } from './cadres.ts';
import type { BuyerSettings, ChorusFacts } from './facts.ts';
import { normalizeSiret, siretProblem } from '../../identifiers/siret.ts';

/** ISO 6523 ICD of SIRET, the scheme Chorus Pro expects for French identifiers. */
export const SIRET_SCHEME = '0009';

type Term = 'BT-10' | 'BT-13' | 'BT-23' | 'BT-25' | 'BT-29' | 'BT-46';

const PATHS: Record<Term, { ubl: string; cii: string; name: string }> = {
  'BT-10': { ubl: 'cbc:BuyerReference', cii: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference', name: 'buyer reference' },
  'BT-13': { ubl: 'cac:OrderReference/cbc:ID', cii: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID', name: 'purchase order reference' },
  'BT-23': { ubl: 'cbc:ProfileID', cii: 'rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID', name: 'business process type' },
  'BT-25': { ubl: 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID', cii: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID', name: 'preceding invoice reference' },
  'BT-29': { ubl: 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID', cii: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:ID', name: 'seller identifier' },
  'BT-46': { ubl: 'cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID', cii: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:ID', name: 'buyer identifier' },
};

/** Where the term sits in the document's syntax, or its EN 16931 name when the syntax is not known. */
function locate(facts: ChorusFacts, term: Term): string {
  const p = PATHS[term];
  if (facts.syntax === 'cii') return `/rsm:CrossIndustryInvoice/${p.cii}`;
  if (facts.syntax === 'ubl') return `/${facts.documentKind === 'creditnote' ? 'CreditNote' : 'Invoice'}/${p.ubl}`;
  return `${term} (${p.name})`;
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function chorusFindings(facts: ChorusFacts, buyer: BuyerSettings | undefined): Finding[] {
  const out: Finding[] = [];
  const report = (rule: string, term: Term, message: string, severity: Finding['severity'] = 'fatal') =>
    out.push({ rule, severity, term, location: locate(facts, term), message });

  const buyerOk = checkBuyerId(facts, report);
  if (!buyer) {
    // An invalid or missing SIRET was reported already; that no buyer matches it follows.
    if (buyerOk) report('FR-BUYER-UNKNOWN', 'BT-46', `buyer ${facts.buyerId ?? ''} is not a public buyer of the directory: Chorus Pro routes an invoice to the structure whose SIRET it names, and none has this one`);
  } else {
    const who = buyer.name ? `${buyer.name} (SIRET ${buyer.siret})` : `buyer ${buyer.siret}`;
    if (!buyer.active) report('FR-BUYER-INACTIVE', 'BT-46', `${who} is inactive in the directory: it no longer receives invoices under this SIRET`);
    if (buyer.requiresServiceCode && !present(facts.buyerReference)) {
      report('FR-SERVICE-CODE', 'BT-10', `${who} requires a code service: give the ordering service's code in BT-10 (buyer reference), as on the purchase order`);
    }
    if (buyer.requiresEngagement && !present(facts.orderReference)) {
      report('FR-ENGAGEMENT', 'BT-13', `${who} requires the engagement juridique number: give it in BT-13 (purchase order reference), as on the purchase order`);
    }
  }
  checkSellerId(facts, report);
  checkCadre(facts, report);
  if (facts.documentKind === 'creditnote' && !facts.precedingInvoices.some(present)) {
    report('FR-CREDIT-NOTE-REF', 'BT-25', 'a credit note (avoir) to a public buyer must name the invoice it corrects in BT-25, so the comptable can offset the mandate');
  }
  return out;
}

type Report = (rule: string, term: Term, message: string, severity?: Finding['severity']) => void;

/** BT-46: present, a SIRET with valid keys; true when a directory lookup can mean something. */
function checkBuyerId(facts: ChorusFacts, report: Report): boolean {
  if (!present(facts.buyerId)) {
    report('FR-BUYER-SIRET', 'BT-46', 'the public buyer is not identified: Chorus Pro addresses an invoice to the SIRET of the buyer\'s establishment, in BT-46 (scheme 0009)');
    return false;
  }
  const siret = normalizeSiret(facts.buyerId);
  const problem = siretProblem(siret);
  if (problem) {
    report('FR-BUYER-SIRET', 'BT-46', `buyer identifier: ${problem}; Chorus Pro identifies public buyers by SIRET`);
    return false;
  }
  if (present(facts.buyerIdScheme) && facts.buyerIdScheme.trim() !== SIRET_SCHEME) {
    report('FR-BUYER-SCHEME', 'BT-46', `buyer SIRET ${siret} is given under scheme ${facts.buyerIdScheme}; a SIRET's scheme is ${SIRET_SCHEME}`, 'warning');
  }
  return true;
}

/** BT-29: a French supplier's SIRET must have valid keys (foreign suppliers have none). */
function checkSellerId(facts: ChorusFacts, report: Report): void {
  if (!present(facts.sellerId)) return;
  const siret = normalizeSiret(facts.sellerId);
  const declaredSiret = facts.sellerIdScheme?.trim() === SIRET_SCHEME;
  const frenchFourteen = facts.sellerCountry?.trim().toUpperCase() === 'FR' && /^\d{14}$/.test(siret);
  if (!declaredSiret && !frenchFourteen) return;
  const problem = siretProblem(siret);
  if (problem) report('FR-SELLER-SIRET', 'BT-29', `supplier identifier: ${problem}; the comptable pays the Tiers this SIRET names`);
}

/** BT-23: one of Chorus Pro's cadres de facturation; a process URN there (Peppol) is not one, and A1 is assumed. */
function checkCadre(facts: ChorusFacts, report: Report): void {
  const value = facts.businessProcess?.trim();
  if (!value || value.includes(':')) {
    const found = value ? `holds the business process identifier ${value}, not` : 'gives no';
    report('FR-CADRE', 'BT-23', `BT-23 ${found} cadre de facturation: A1 (supplier invoice) is assumed`, 'warning');
    return;
  }
  if (!CADRE_LABELS.has(value)) {
    report('FR-CADRE', 'BT-23', `cadre de facturation ${value} is not one of Chorus Pro's: ${CADRES_DESCRIBED}`);
  }
}
