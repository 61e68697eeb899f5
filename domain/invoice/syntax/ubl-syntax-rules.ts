/**
 * The UBL syntax rules of the official artefact: UBL-SR (an element the EN 16931 binding has
 * once is there once) and UBL-DT (data types: amounts with two decimals, attachments with a MIME
 * code and a file name, no attributes the binding leaves out) and UBL-CR (elements outside the
 * binding: warnings, but for two). Checked on the XML, in the pass that also checks the code
 * lists.
 */
import type { Finding } from '../../finding.ts';
import { atMostTwoDecimals, bool } from '../rules/xpath.ts';
import { UBL_NS } from './namespaces.ts';
import { checkUblCodeLists } from './ubl-codes.ts';
import { compilePath, pathSelector } from './path.ts';
import { UBL_UNUSED } from './unused-element-lists.ts';
import { unusedElements, type PathNode } from './unused-elements.ts';
import { parentOf, pathOf, walk, type Ancestors } from './walk.ts';
import { PerLocalName } from '../../xml/names.ts';
import { child, children, hasAttributes, is, type XmlElement } from '../../xml/tree.ts';

const { cac: CAC, cbc: CBC } = UBL_NS;
const NAMESPACES = { cac: CAC, cbc: CBC };
const { select, count } = pathSelector(NAMESPACES);
const upper = (s: string | undefined): string => (s ?? '').toUpperCase();
/**
 * `cac:PartyTaxScheme[cac:TaxScheme/upper-case(cbc:ID) = 'VAT']` (or `!=`). upper-case() of no
 * cbc:ID is '', so a tax scheme without one is not 'VAT'.
 */
const taxSchemes = (party: readonly XmlElement[], vat: boolean): XmlElement[] =>
  select(party, 'cac:PartyTaxScheme').filter((s) => select([s], 'cac:TaxScheme').some((t) => (upper(select([t], 'cbc:ID')[0]?.text) === 'VAT') === vat));

type Report = (ok: boolean, rule: string, message: string, severity?: Finding['severity']) => void;

const checkUnused = unusedElements(UBL_UNUSED, { cac: CAC, cbc: CBC, ext: UBL_NS.ext });

export function checkUblSyntax(root: XmlElement, out: Finding[]): void {
  const unused = checkUnused();
  const nodes: (PathNode | undefined)[] = [];
  const documents: XmlElement[] = [];
  /** The unused attributes found (UBL-DT-08…28 but 18), and how many name attributes (UBL-DT-18). */
  const unusedAttributes = new Set<string>();
  let nameAttributes = 0;
  let paymentMeansCodeNames = 0;
  const paymentIds = new Set<string>();
  const paymentMeansCodes = new Set<string>();
  let sepaIds = 0;
  // The element being visited, which the element rules report on: one reporter for the walk.
  let visited: XmlElement = root;
  let visitedAncestors: Ancestors = [];
  const reportHere: Report = (ok, rule, message, severity = 'fatal') => {
    if (!ok) out.push({ rule, severity, location: pathOf(visited, visitedAncestors), message });
  };

  walk(root, (el, ancestors) => {
    const depth = ancestors.length;
    const at = depth === 0 ? unused.root : unused.step(nodes[depth - 1], el);
    nodes[depth] = at;
    unused.visit(el, ancestors, at, out);
    checkUblCodeLists(el, ancestors, out);
    if (is(el, CAC, 'AdditionalDocumentReference')) documents.push(el);
    if (hasAttributes(el)) {
      for (const name in el.attrs) {
        if (name === 'name') nameAttributes++;
        else if (UNUSED_ATTRIBUTE_NAMES.has(name)) unusedAttributes.add(name);
      }
    }
    if (el.ns === CBC) {
      if (el.local === 'PaymentID') paymentIds.add(el.text);
      if (el.local === 'PaymentMeansCode') {
        paymentMeansCodes.add(el.text);
        if (el.attrs.name !== undefined) paymentMeansCodeNames += 1;
      }
      if (el.local === 'ID' && upper(el.attrs.schemeID) === 'SEPA' && is(parentOf(ancestors), CAC, 'PartyIdentification')) sepaIds += 1;
    }
    if (el.ns === CAC ? HAS_ELEMENT_RULES.get(el) : IS_DATA_TYPED.get(el)) {
      visited = el;
      visitedAncestors = ancestors;
      checkDataTypes(el, ancestors, reportHere);
      checkElement(root, el, ancestors, reportHere);
    }
  });

  const report: Report = (ok, rule, message, severity = 'fatal') => {
    if (!ok) out.push({ rule, severity, location: pathOf(root, []), message });
  };
  checkRoot(root, report);
  checkUnusedWithConditions(root, documents, report);
  // Distinct values, as `count(//x[not(preceding::x/. = .)])` counts them.
  report(paymentIds.size <= 1, 'UBL-SR-44', 'An invoice may have only one payment identifier (BT-83) value, used by all its payment means.');
  report(paymentMeansCodes.size <= 1, 'UBL-SR-47', 'All payment means codes (BT-81) shall be equal.');
  report(sepaIds <= 1, 'UBL-SR-29', 'The bank assigned creditor identifier (BT-90) shall occur at most once.');
  for (const unused of UNUSED_ATTRIBUTES) {
    if (unusedAttributes.has(unused[0])) report(false, unused[1], `The attribute ${unused[0]} should not be present.`, 'warning');
  }
  report(nameAttributes - paymentMeansCodeNames <= 0, 'UBL-DT-18', 'The attribute name should not be present (except on the payment means code).', 'warning');
}

/** UBL-DT-08…28 but 18: attributes the binding does not use. */
const UNUSED_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['schemeName', 'UBL-DT-08'],
  ['schemeAgencyName', 'UBL-DT-09'],
  ['schemeDataURI', 'UBL-DT-10'],
  ['schemeURI', 'UBL-DT-11'],
  ['format', 'UBL-DT-12'],
  ['unitCodeListIdentifier', 'UBL-DT-13'],
  ['unitCodeListAgencyIdentifier', 'UBL-DT-14'],
  ['unitCodeListAgencyName', 'UBL-DT-15'],
  ['listAgencyName', 'UBL-DT-16'],
  ['listName', 'UBL-DT-17'],
  ['languageID', 'UBL-DT-19'],
  ['listURI', 'UBL-DT-20'],
  ['listSchemeURI', 'UBL-DT-21'],
  ['languageLocaleID', 'UBL-DT-22'],
  ['uri', 'UBL-DT-23'],
  ['currencyCodeListVersionID', 'UBL-DT-24'],
  ['characterSetCode', 'UBL-DT-25'],
  ['encodingCode', 'UBL-DT-26'],
  ['schemeAgencyID', 'UBL-DT-27'],
  ['listAgencyID', 'UBL-DT-28'],
];

const UNUSED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(UNUSED_ATTRIBUTES.map(([name]) => name));

/** UBL-DT-01, 06, 07, on elements by the end of their name. */
function checkDataTypes(el: XmlElement, ancestors: Ancestors, report: Report): void {
  if (el.local.endsWith('Amount') && !el.local.endsWith('PriceAmount') && !underPriceAllowance(ancestors)) {
    report(atMostTwoDecimals(el.text), 'UBL-DT-01', 'Amounts shall have at most two decimals.');
  }
  if (el.local.endsWith('BinaryObject')) {
    report(el.attrs.mimeCode !== undefined, 'UBL-DT-06', 'A binary object shall have a MIME code attribute.');
    report(el.attrs.filename !== undefined, 'UBL-DT-07', 'A binary object shall have a file name attribute.');
  }
}

/** `ancestor::cac:Price/cac:AllowanceCharge`: inside a Price that has an allowance or charge (the price discount's amounts). */
function underPriceAllowance(ancestors: Ancestors): boolean {
  for (const a of ancestors) if (is(a, CAC, 'Price') && child(a, CAC, 'AllowanceCharge')) return true;
  return false;
}

/** The cac elements that are the context of a UBL-SR rule. */
const ELEMENT_RULES: ReadonlySet<string> = new Set([
  'PostalAddress',
  'Address',
  'Party',
  'AdditionalDocumentReference',
  'Delivery',
  'AllowanceCharge',
  'PartyTaxScheme',
  'InvoiceLine',
  'CreditNoteLine',
  'PayeeParty',
  'PaymentMeans',
  'BillingReference',
  'TaxRepresentativeParty',
  'TaxSubtotal',
]);

const HAS_ELEMENT_RULES = new PerLocalName((local) => ELEMENT_RULES.has(local));
/** The elements of UBL-DT-01, 06 and 07, by the end of their name (checkDataTypes). */
const IS_DATA_TYPED = new PerLocalName((local) => local.endsWith('Amount') || local.endsWith('BinaryObject'));

/** UBL-SR rules whose context is an element other than the root. */
function checkElement(root: XmlElement, el: XmlElement, ancestors: Ancestors, report: Report): void {
  if (el.ns !== CAC) return;
  const parent = parentOf(ancestors);
  switch (el.local) {
    case 'PostalAddress':
    case 'Address':
      report(count(el, 'cac:AddressLine') <= 1, 'UBL-SR-51', 'An address shall have at most one third line (AddressLine).');
      return;
    case 'Party':
      if (is(parent, CAC, 'AccountingSupplierParty')) report(count(el, 'cac:PartyTaxScheme') <= 2, 'UBL-SR-42', 'The seller shall have at most two party tax schemes.');
      return;
    case 'AdditionalDocumentReference': {
      report(count(el, 'cbc:DocumentDescription') <= 1, 'UBL-SR-33', 'The supporting document description (BT-123) shall occur at most once.');
      const types = children(el, CBC, 'DocumentTypeCode').map((c) => c.text);
      const schemed = children(el, CBC, 'ID').some((id) => id.attrs.schemeID !== undefined);
      const ok = types.includes('130') || (root.local === 'CreditNote' && types.includes('50')) || (!schemed && types.length === 0);
      report(ok, 'UBL-SR-43', 'A scheme identifier is only for an invoiced object identifier (document type code 130, or 50 in a credit note).');
      return;
    }
    case 'Delivery':
      report(count(el, 'cac:DeliveryParty/cac:PartyName/cbc:Name') <= 1, 'UBL-SR-25', 'The deliver to party name (BT-70) shall occur at most once.');
      return;
    case 'AllowanceCharge': {
      const indicators = children(el, CBC, 'ChargeIndicator').map((i) => bool(i.text));
      const reasons = count(el, 'cbc:AllowanceChargeReason') <= 1;
      if (indicators.includes(false)) report(reasons, 'UBL-SR-30', 'The allowance reason shall occur at most once.');
      else if (indicators.includes(true)) report(reasons, 'UBL-SR-31', 'The charge reason shall occur at most once.');
      return;
    }
    case 'PartyTaxScheme':
      report(count(el, 'cac:TaxScheme/cbc:ID') > 0 && count(el, 'cbc:CompanyID') > 0, 'UBL-SR-53', 'A party tax scheme shall have its company identifier (the VAT identifier) and tax scheme.');
      return;
    case 'InvoiceLine':
    case 'CreditNoteLine':
      report(count(el, 'cbc:Note') <= 1, 'UBL-SR-34', 'The invoice line note (BT-127) shall occur at most once.');
      report(count(el, 'cac:OrderLineReference/cbc:LineID') <= 1, 'UBL-SR-35', 'The referenced purchase order line (BT-132) shall occur at most once.');
      report(count(el, 'cac:InvoicePeriod') <= 1, 'UBL-SR-36', 'The invoice line period (BG-26) shall occur at most once.');
      report(count(el, 'cac:Price/cac:AllowanceCharge/cbc:Amount') <= 1, 'UBL-SR-37', 'The item price discount (BT-147) shall occur at most once.');
      report(count(el, 'cac:Item/cac:ClassifiedTaxCategory') === 1, 'UBL-SR-48', 'An invoice line shall have exactly one classified tax category (BG-30).');
      report(count(el, 'cac:Item/cbc:Description') <= 1, 'UBL-SR-50', 'The item description (BT-154) shall occur at most once.');
      report(count(el, 'cac:DocumentReference') <= 1, 'UBL-SR-52', 'The line document reference shall occur at most once.');
      return;
    case 'PayeeParty': {
      // `(PartyName/Name) != (seller's RegistrationName)`: false when either is absent.
      const names = select([el], 'cac:PartyName/cbc:Name').map((n) => n.text);
      const sellerNames = select(parent ? [parent] : [], 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName').map((n) => n.text);
      const differs = names.some((n) => sellerNames.some((s) => n !== s));
      const otherIds = select([el], 'cac:PartyIdentification/cbc:ID').filter((id) => upper(id.attrs.schemeID) !== 'SEPA').length;
      report(names.length <= 1 && differs, 'UBL-SR-19', 'The payee name (BT-59) shall occur once, for a payee other than the seller.');
      report(otherIds <= 1 && differs, 'UBL-SR-20', 'The payee identifier (BT-60) shall occur at most once, for a payee other than the seller.');
      report(count(el, 'cac:PartyLegalEntity/cbc:CompanyID') <= 1 && differs, 'UBL-SR-21', 'The payee legal registration identifier (BT-61) shall occur at most once, for a payee other than the seller.');
      return;
    }
    case 'PaymentMeans':
      report(count(el, 'cbc:PaymentID') <= 1, 'UBL-SR-26', 'The payment reference (BT-83) shall occur at most once per payment means.');
      report(count(el, 'cbc:PaymentMeansCode') <= 1, 'UBL-SR-27', 'The payment means code (BT-81) shall occur at most once per payment means.');
      report(count(el, 'cac:PaymentMandate/cbc:ID') <= 1, 'UBL-SR-28', 'The mandate reference identifier (BT-89) shall occur at most once.');
      return;
    case 'BillingReference':
      report(count(el, 'cac:InvoiceDocumentReference') <= 1, 'UBL-SR-06', 'A preceding invoice reference (BG-3) shall occur at most once per billing reference.');
      report(count(el, 'cac:InvoiceDocumentReference/cbc:ID') > 0, 'UBL-SR-07', 'A preceding invoice reference shall give the preceding invoice number (BT-25).');
      return;
    case 'TaxRepresentativeParty':
      report(count(el, 'cac:PartyName/cbc:Name') <= 1, 'UBL-SR-22', 'The seller tax representative name (BT-62) shall occur at most once.');
      report(count(el, 'cac:PartyTaxScheme/cbc:CompanyID') <= 1, 'UBL-SR-23', 'The seller tax representative VAT identifier (BT-63) shall occur at most once.');
      return;
    case 'TaxSubtotal':
      report(count(el, 'cac:TaxCategory/cbc:TaxExemptionReason') <= 1, 'UBL-SR-32', 'The VAT exemption reason text (BT-120) shall occur at most once.');
      return;
  }
}

/**
 * The UBL-CR rules that are more than "this path is absent": a UBL version other than 2.1, a
 * payment due date on an invoice, and what an invoiced object identifier (document type 130)
 * may not carry, which is fatal.
 */
function checkUnusedWithConditions(root: XmlElement, documents: readonly XmlElement[], report: Report): void {
  const versions = select([root], 'cbc:UBLVersionID');
  report(versions.length === 0 || versions.some((v) => v.text === '2.1'), 'UBL-CR-002', 'The UBL version should be 2.1.', 'warning');
  report(root.local === 'CreditNote' || count(root, 'cac:PaymentMeans/cbc:PaymentDueDate') === 0, 'UBL-CR-412', 'An invoice should not have a payment means due date.', 'warning');
  const types = (d: XmlElement) => children(d, CBC, 'DocumentTypeCode').map((c) => c.text);
  const objects = documents.filter((d) => types(d).includes('130'));
  const others = documents.filter((d) => types(d).length === 0 || types(d).some((t) => t !== '130'));
  report(!others.some((d) => select([d], 'cbc:ID').some((id) => id.attrs.schemeID !== undefined)), 'UBL-CR-665', 'Only an invoiced object identifier (document type 130) should have a scheme identifier.', 'warning');
  report(!objects.some((d) => count(d, 'cac:Attachment') > 0), 'UBL-CR-666', 'An invoiced object identifier (document type 130) shall not have an attachment.');
  report(!objects.some((d) => count(d, 'cbc:DocumentDescription') > 0), 'UBL-CR-673', 'An invoiced object identifier (document type 130) shall not have a description.');
}

/** A path below the root, its first step apart: the root's children are looked up by name. */
interface RootPath {
  readonly first: string;
  readonly ns: string;
  readonly rest: string | undefined;
}

const rootPaths = new Map<string, RootPath>();
function rootPath(path: string): RootPath {
  let p = rootPaths.get(path);
  if (!p) {
    const slash = path.indexOf('/');
    const { ns, local } = compilePath(slash < 0 ? path : path.slice(0, slash), NAMESPACES)[0]!;
    p = { first: local, ns, rest: slash < 0 ? undefined : path.slice(slash + 1) };
    rootPaths.set(path, p);
  }
  return p;
}

const NO_ELEMENTS: readonly XmlElement[] = [];

/** UBL-SR rules on the invoice as a whole: terms that occur at most once. */
function checkRoot(root: XmlElement, report: Report): void {
  // The root has many children: group them by name once for the first step of every path.
  const byName = new Map<string, XmlElement[]>();
  for (const c of root.children) {
    if (c.ns !== CAC && c.ns !== CBC) continue;
    const same = byName.get(c.local);
    if (same) same.push(c);
    else byName.set(c.local, [c]);
  }
  const fromRoot = (path: string): XmlElement[] => {
    const p = rootPath(path);
    const at: XmlElement[] = [];
    for (const c of byName.get(p.first) ?? NO_ELEMENTS) if (c.ns === p.ns) at.push(c);
    return p.rest === undefined ? at : select(at, p.rest);
  };
  const atMostOnce = (path: string, rule: string, what: string) => {
    const p = rootPath(path);
    let n = 0;
    for (const c of byName.get(p.first) ?? NO_ELEMENTS) if (c.ns === p.ns) n += p.rest === undefined ? 1 : count(c, p.rest);
    if (n > 1) report(false, rule, `${what} shall occur at most once.`);
  };
  const seller = fromRoot('cac:AccountingSupplierParty/cac:Party');
  const buyer = fromRoot('cac:AccountingCustomerParty/cac:Party');
  atMostOnce('cac:ContractDocumentReference/cbc:ID', 'UBL-SR-01', 'The contract reference (BT-12)');
  atMostOnce('cac:ReceiptDocumentReference/cbc:ID', 'UBL-SR-02', 'The receiving advice reference (BT-15)');
  atMostOnce('cac:DespatchDocumentReference/cbc:ID', 'UBL-SR-03', 'The despatch advice reference (BT-16)');
  const objects = fromRoot('cac:AdditionalDocumentReference').filter((d) => children(d, CBC, 'DocumentTypeCode').some((c) => c.text === '130'));
  report(select(objects, 'cbc:ID').length <= 1, 'UBL-SR-04', 'The invoiced object identifier (BT-18) shall occur at most once.');
  atMostOnce('cac:PaymentTerms/cbc:Note', 'UBL-SR-05', 'The payment terms (BT-20)');
  atMostOnce('cac:InvoicePeriod', 'UBL-SR-08', 'The invoicing period (BG-14)');
  atMostOnce('cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName', 'UBL-SR-09', 'The seller name (BT-27)');
  atMostOnce('cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name', 'UBL-SR-10', 'The seller trading name (BT-28)');
  atMostOnce('cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID', 'UBL-SR-11', 'The seller legal registration identifier (BT-30)');
  report(select(taxSchemes(seller, true), 'cbc:CompanyID').length <= 1, 'UBL-SR-12', 'The seller VAT identifier (BT-31) shall occur at most once.');
  report(select(taxSchemes(seller, false), 'cbc:CompanyID').length <= 1, 'UBL-SR-13', 'The seller tax registration identifier (BT-32) shall occur at most once.');
  atMostOnce('cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm', 'UBL-SR-14', 'The seller additional legal information (BT-33)');
  atMostOnce('cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName', 'UBL-SR-15', 'The buyer name (BT-44)');
  atMostOnce('cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID', 'UBL-SR-16', 'The buyer identifier (BT-46)');
  atMostOnce('cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID', 'UBL-SR-17', 'The buyer legal registration identifier (BT-47)');
  report(select(taxSchemes(buyer, true), 'cbc:CompanyID').length <= 1, 'UBL-SR-18', 'The buyer VAT identifier (BT-48) shall occur at most once.');
  atMostOnce('cac:Delivery', 'UBL-SR-24', 'The deliver to information (BG-13)');
  atMostOnce('cac:ProjectReference/cbc:ID', 'UBL-SR-39', 'The project reference (BT-11)');
  atMostOnce('cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name', 'UBL-SR-40', 'The buyer trading name (BT-45)');
  atMostOnce('cac:PaymentMeans/cbc:PaymentDueDate', 'UBL-SR-45', 'The payment due date (BT-9)');
  const texts = fromRoot('cac:PaymentMeans/cbc:PaymentMeansCode').filter((c) => c.attrs.name !== undefined).length;
  report(texts <= 1, 'UBL-SR-46', 'The payment means text (BT-82) shall occur at most once.');
  atMostOnce('cac:InvoicePeriod/cbc:DescriptionCode', 'UBL-SR-49', 'The value added tax point date code (BT-8)');
  atMostOnce('cac:PaymentMeans/cac:CardAccount', 'UBL-SR-54', 'The payment card information (BG-18)');
  atMostOnce('cac:PaymentMeans/cac:PaymentMandate', 'UBL-SR-55', 'The direct debit mandate (BG-19)');
  atMostOnce('cac:OriginatorDocumentReference/cbc:ID', 'UBL-SR-56', 'The tender or lot reference (BT-17)');
}
