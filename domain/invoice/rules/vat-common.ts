/**
 * What the VAT category families (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG)
 * share: the nodes each binding's contexts reach, the party identifiers they ask for, the sums
 * behind rule 08, and the wording of the ten numbered rules.
 *
 * The two bindings differ in kind, not only in paths: UBL asks rules 02…04 once per invoice, CII
 * once per line, allowance or charge; UBL trims category codes, CII compares them as written;
 * UBL sums exact decimals, CII rounds each sum to cents and compares as doubles.
 */
import type { Finding } from '../../finding.ts';
import type { AllowanceCharge, Invoice, Party, TaxCategory, VatBreakdown } from '../model.ts';
import { assert } from './report.ts';
import { allAllowanceCharges, allowanceChargeCategories, ciiCode, ciiVat, isAllowance, isCharge, lineCategories, summedLines, ublCode, ublTaxCategories, ublVat } from './select.ts';
import { bareIsZero, compareBare, dbl, dblGtDec, dblLtDec, dec, decEq, decLt, noneThere, ONE, roundCents, sumDec, taxAtRate, ZERO, type XDecimal } from './xpath.ts';

export interface VatFamily {
  /** Rule id prefix, e.g. `BR-S`. */
  readonly prefix: string;
  /** VAT category code (BT-151, BT-95, BT-102, BT-118). */
  readonly code: string;
  readonly name: string;
}

/** Records rule `n` of the family unless `ok`. */
export function check(out: Finding[], f: VatFamily, n: number, ok: boolean, at: string, message: string, term = TERMS[n] ?? 'BG-23'): void {
  // Most checks pass: the rule id and the message are only written for a finding.
  if (!ok) assert(out, ok, `${f.prefix}-${String(n).padStart(2, '0')}`, term, at, `VAT category "${f.name}": ${message}`);
}

const TERMS: Record<number, string> = {
  1: 'BG-23',
  2: 'BT-151',
  3: 'BT-95',
  4: 'BT-102',
  5: 'BT-152',
  6: 'BT-96',
  7: 'BT-103',
  8: 'BT-116',
  9: 'BT-117',
  10: 'BT-121',
};

/** Line, allowance and charge VAT categories of the family, as the contexts of rules 02…07 reach them. */
export interface CategoryNodes {
  readonly lines: TaxCategory[];
  readonly allowances: TaxCategory[];
  readonly charges: TaxCategory[];
}

/** UBL: code trimmed, scheme VAT; allowances and charges at any level. */
/**
 * UBL `exists(//cac:ClassifiedTaxCategory[code][VAT])`, which rule 02 of each family asks: an item
 * in the category, a sub-line's included (the line contexts of rules 05 and after reach only the
 * lines' own items).
 */
export const ublItemsIn = (inv: Invoice, code: string): boolean => lineCategories(inv).some((c) => ublCode(c, code) && ublVat(c));

export function ublNodes(inv: Invoice, code: string): CategoryNodes {
  const of = (c: TaxCategory) => ublCode(c, code) && ublVat(c);
  return nodes(inv, of);
}

/** CII: code as written, type code VAT; allowances and charges at any level. */
export function ciiNodes(inv: Invoice, code: string): CategoryNodes {
  const of = (c: TaxCategory) => ciiCode(c, code) && ciiVat(c);
  return nodes(inv, of);
}

function nodes(inv: Invoice, of: (c: TaxCategory) => boolean): CategoryNodes {
  const lines: TaxCategory[] = [];
  for (const line of inv.lines) for (const c of line.taxCategories) if (of(c)) lines.push(c);
  const allowances: TaxCategory[] = [];
  const charges: TaxCategory[] = [];
  for (const ac of allAllowanceCharges(inv)) {
    const into = isAllowance(ac) ? allowances : isCharge(ac) ? charges : undefined;
    if (into) for (const c of ac.taxCategories) if (of(c)) into.push(c);
  }
  return { lines, allowances, charges };
}

/** UBL breakdown contexts: `/Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[normalize-space(cbc:ID) = code][VAT]`. */
export const ublBreakdowns = (inv: Invoice, code: string): VatBreakdown[] =>
  inv.vatBreakdown.filter((b) => ublCode(b.category, code) && ublVat(b.category));

/** CII breakdown contexts: the code as written, with or without the VAT type test depending on the family. */
export const ciiBreakdowns = (inv: Invoice, code: string, vatOnly: boolean): VatBreakdown[] =>
  inv.vatBreakdown.filter((b) => ciiCode(b.category, code) && (!vatOnly || ciiVat(b.category)));

// Party identifiers the rules ask for, in each binding's words.

const hasId = (p: Party | undefined, test: (scheme: string | undefined) => boolean): boolean =>
  p?.taxRegistrations.some((r) => r.id !== undefined && test(r.scheme)) ?? false;

/** UBL: any PartyTaxScheme/CompanyID of the seller (a VAT identifier or a tax registration). */
export const ublSellerTaxId = (inv: Invoice): boolean => hasId(inv.seller, () => true);
/** UBL: the seller's VAT identifier (BT-31). */
export const ublSellerVatId = (inv: Invoice): boolean => hasId(inv.seller, (s) => ublVat({ scheme: s }));
/** UBL: the tax representative's VAT identifier (BT-63). */
export const ublTaxRepVatId = (inv: Invoice): boolean => hasId(inv.taxRepresentative, (s) => ublVat({ scheme: s }));
/** UBL: the buyer's VAT identifier (BT-48). */
export const ublBuyerVatId = (inv: Invoice): boolean => hasId(inv.buyer, (s) => ublVat({ scheme: s }));

/** CII: the seller's VAT identifier (VA) or tax registration (FC). */
export const ciiSellerTaxId = (inv: Invoice): boolean => hasId(inv.seller, (s) => s === 'VA' || s === 'FC');
export const ciiSellerVatId = (inv: Invoice): boolean => hasId(inv.seller, (s) => s === 'VA');
export const ciiTaxRepVatId = (inv: Invoice): boolean => hasId(inv.taxRepresentative, (s) => s === 'VA');
export const ciiBuyerVatId = (inv: Invoice): boolean => hasId(inv.buyer, (s) => s === 'VA');

/** The buyer's legal registration identifier (BT-47), accepted for reverse charge. */
export const buyerLegalId = (inv: Invoice): boolean => inv.buyer?.legalRegistration !== undefined;

/** CII rules 02…04: each line, allowance and charge node of the family passes `test`. */
export function ciiPartyRules(out: Finding[], f: VatFamily, n: CategoryNodes, ok: boolean, message: string): void {
  if (ok) return;
  for (const c of n.lines) check(out, f, 2, ok, c.at, `an invoice line (BG-25) in this category ${message}`);
  for (const c of n.allowances) check(out, f, 3, ok, c.at, `a document level allowance (BG-20) in this category ${message}`);
  for (const c of n.charges) check(out, f, 4, ok, c.at, `a document level charge (BG-21) in this category ${message}`);
}

/** Rules 05…07: each line, allowance and charge node's rate passes `test`. */
export function rateRules(out: Finding[], f: VatFamily, n: CategoryNodes, test: (rate: string | undefined) => boolean, should: string): void {
  for (const c of n.lines) if (!test(c.rate)) check(out, f, 5, false, c.at, `the invoiced item VAT rate (BT-152) shall ${should}.`);
  for (const c of n.allowances) if (!test(c.rate)) check(out, f, 6, false, c.at, `the document level allowance VAT rate (BT-96) shall ${should}.`);
  for (const c of n.charges) if (!test(c.rate)) check(out, f, 7, false, c.at, `the document level charge VAT rate (BT-103) shall ${should}.`);
}

/** Rule 10: a breakdown has (or has not) an exemption reason (BT-120) or code (BT-121). */
export function exemptionRule(out: Finding[], f: VatFamily, breakdowns: readonly VatBreakdown[], required: boolean): void {
  for (const b of breakdowns) {
    const has = b.category.exemptionReason !== undefined || b.category.exemptionReasonCode !== undefined;
    const message = required
      ? 'the VAT breakdown (BG-23) shall have a VAT exemption reason (BT-120) or reason code (BT-121).'
      : 'the VAT breakdown (BG-23) shall not have a VAT exemption reason (BT-120) or reason code (BT-121).';
    check(out, f, 10, has === required, b.category.at, message);
  }
}

export const TAXABLE_MESSAGE =
  'the VAT category taxable amount (BT-116) shall equal the line net amounts (BT-131) plus the document level charges (BT-99) minus the allowances (BT-92) in this category.';

// Rule 08 sums.

/** `…[cac:TaxCategory/normalize-space(cbc:ID) = code][cac:TaxCategory/xs:decimal(cbc:Percent) = $rate]`: each test over any of the categories. */
function matches(categories: readonly TaxCategory[], code: (c: TaxCategory) => boolean, rate: XDecimal | undefined): boolean {
  return categories.some(code) && (rate === undefined || categories.some((c) => decEq(dec(c.rate), rate)));
}

/**
 * UBL: Σ root line net amounts, and Σ root charges − Σ root allowances, whose category has the
 * code (trimmed, any scheme) and, when given, the rate; exact decimals. The two parts are apart
 * because BR-S-08 also takes the second alone.
 */
export function ublTaxableSums(inv: Invoice, code: string, rate?: XDecimal): { lines: XDecimal; allowanceCharges: XDecimal } {
  const of = (c: TaxCategory) => ublCode(c, code);
  const net = inv.lines.filter((l) => matches(l.taxCategories, of, rate)).map((l) => l.netAmount);
  const acs = (which: (ac: AllowanceCharge) => boolean) =>
    inv.allowanceCharges.filter((ac) => which(ac) && matches(ac.taxCategories, of, rate)).map((ac) => ac.amount);
  return { lines: sumDec(net), allowanceCharges: sumDec(acs(isCharge)).minus(sumDec(acs(isAllowance))) };
}

/** UBL: lines plus allowances and charges, as above. */
export function ublTaxableSum(inv: Invoice, code: string, rate?: XDecimal): XDecimal {
  const { lines, allowanceCharges } = ublTaxableSums(inv, code, rate);
  return lines.plus(allowanceCharges);
}

/**
 * CII: the same sums over the code as written, each rounded to cents before adding
 * (`round(sum(…) * 10 * 10) div 100`).
 */
export function ciiTaxableSum(inv: Invoice, code: string, rate?: XDecimal): XDecimal {
  return sumOfTerms(ciiTaxableTerms(inv, code, rate));
}

/**
 * CII rule 08 of S and O, `BasisAmount = (the sums of ciiTaxableSum)`: a bare element against a
 * number (compareBare), which is the xs:integer 0 when nothing is summed.
 */
export function ciiTaxableEquals(inv: Invoice, basis: string | undefined, code: string, rate?: XDecimal): boolean {
  const terms = ciiTaxableTerms(inv, code, rate);
  return compareBare(basis, sumOfTerms(terms).toNumber(), noneThere([...terms.lines, ...terms.charges, ...terms.allowances])) === 0;
}

interface TaxableTerms {
  lines: (string | undefined)[];
  charges: (string | undefined)[];
  allowances: (string | undefined)[];
}

/** The amounts ciiTaxableSum adds up: line net amounts, charges and allowances in the category (and rate). */
function ciiTaxableTerms(inv: Invoice, code: string, rate?: XDecimal): TaxableTerms {
  const of = (c: TaxCategory) => ciiCode(c, code);
  const acs = (which: (ac: AllowanceCharge) => boolean) =>
    inv.allowanceCharges.filter((ac) => which(ac) && matches(ac.taxCategories, of, rate)).map((ac) => ac.amount);
  return { lines: summedLines(inv).filter((l) => matches(l.taxCategories, of, rate)).map((l) => l.netAmount), charges: acs(isCharge), allowances: acs(isAllowance) };
}

function sumOfTerms({ lines, charges, allowances }: TaxableTerms): XDecimal {
  const cents = (values: (string | undefined)[]) => roundCents(sumDec(values)) ?? sumDec([]);
  return cents(lines).plus(cents(charges)).minus(cents(allowances));
}

// Rule 01, the breakdown a category needs, in its three wordings.

/**
 * UBL, "exactly one" (Z, E, AE, K, G, O): when a VAT category with the code appears anywhere
 * (breakdown, allowance, charge or line), the breakdown has exactly one of it.
 */
export function ublExactlyOneBreakdown(inv: Invoice, code: string): boolean {
  const of = (c: TaxCategory) => ublVat(c) && ublCode(c, code);
  const inBreakdown = inv.vatBreakdown.filter((b) => of(b.category)).length;
  const present = ublTaxCategories(inv).some(of) || lineCategories(inv).some(of);
  return !present || inBreakdown === 1;
}

/**
 * CII, "exactly one" (Z, E, AE, K, G): with lines, allowances or charges in the category, one
 * breakdown in it; none of any of them is fine too.
 */
export function ciiExactlyOneBreakdown(inv: Invoice, code: string): boolean {
  const { lines, acs, breakdowns } = ciiCounts(inv, code);
  return (breakdowns === 0 && lines === 0 && acs === 0) || (breakdowns === 1 && (lines > 0 || acs > 0));
}

/**
 * CII, "paired" (S, L, M): lines in the category need two such categories among the lines and
 * the breakdowns together, and so do allowances and charges.
 */
export function ciiPairedBreakdown(inv: Invoice, code: string): boolean {
  const { lines, acs, breakdowns } = ciiCounts(inv, code);
  return (lines + breakdowns >= 2 || lines === 0) && (acs + breakdowns >= 2 || acs === 0);
}

/** Category codes as written, whatever the type code, in lines, allowances and charges (any level), and breakdowns. */
export function ciiCounts(inv: Invoice, code: string): { lines: number; acs: number; breakdowns: number } {
  const of = (c: TaxCategory) => ciiCode(c, code);
  return {
    lines: lineCategories(inv).filter(of).length,
    acs: allowanceChargeCategories(inv).filter(of).length,
    breakdowns: inv.vatBreakdown.filter((b) => of(b.category)).length,
  };
}

/** `xs:decimal(TaxableAmount - 1) < sum and xs:decimal(TaxableAmount + 1) > sum` (UBL): the ± 1 is taken in doubles. */
export function brackets(taxable: string | undefined, sum: XDecimal): boolean {
  const t = dbl(taxable);
  return t !== undefined && dblLtDec(t - 1, sum) && dblGtDec(t + 1, sum);
}

/** `BasisAmount - 1 < sum and BasisAmount + 1 > sum` (CII): all in doubles. */
export function within(basis: string | undefined, sum: XDecimal): boolean {
  const b = dbl(basis);
  const s = sum.toNumber();
  return b !== undefined && b - 1 < s && b + 1 > s;
}

/**
 * UBL rule 09 for the rated categories (S, L, M): the tax amount is within one unit (strictly)
 * of the taxable amount times the rate, rounded to cents; all exact decimals.
 */
export function ublRatedTax(b: VatBreakdown): boolean {
  const expected = taxAtRate(dec(b.taxableAmount), dec(b.category.rate));
  const tax = dec(b.taxAmount)?.abs();
  return decLt(tax?.minus(ONE), expected) && decLt(expected, tax?.plus(ONE));
}

export const TAX_MESSAGE = 'the VAT category tax amount (BT-117) shall equal the taxable amount (BT-116) times the rate (BT-119), within one unit.';
export const ZERO_TAX_MESSAGE = 'the VAT category tax amount (BT-117) shall be 0.';

/** Rate tests of rules 05…07. */
export const zeroRate = (inv: Invoice) => (rate: string | undefined): boolean =>
  inv.syntax === 'ubl' ? decEq(dec(rate), ZERO) : bareIsZero(rate);
export const noRate = (rate: string | undefined): boolean => rate === undefined;

/** Rule 09 for the categories without VAT: UBL exact decimal, CII double. */
export const zeroTax = (inv: Invoice, b: VatBreakdown): boolean => (inv.syntax === 'ubl' ? decEq(dec(b.taxAmount), ZERO) : bareIsZero(b.taxAmount));

