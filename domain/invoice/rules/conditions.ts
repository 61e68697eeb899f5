/**
 * BR-CO: conditions between terms, mostly the document arithmetic. The UBL and CII bindings
 * compute differently in places (exact decimals against doubles, rounding or not, strict or
 * not): each is reproduced as written.
 * BR-CO-05…08 are `true()` in the official rules and never fire; BR-CO-21…24 sit with the
 * allowance rules they repeat.
 */
import type { Finding } from '../../finding.ts';
import type { Invoice, Party, VatBreakdown } from '../model.ts';
import { CII_VAT_PREFIXES, UBL_VAT_PREFIXES } from './code-lists.ts';
import { assert } from './report.ts';
import { generalBreakdowns, invoicePeriods, isAllowance, isCharge, linePeriods, parties, summedLines, ublVat } from './select.ts';
import {
  compareBare,
  dec,
  decEq,
  decLt,
  decLte,
  noneThere,
  normalizedUpper,
  ONE,
  round,
  roundCents,
  roundCentsOfDouble,
  roundDouble,
  sumDbl,
  sumDec,
  taxAtRate,
  ZERO,
  type XDecimal,
} from './xpath.ts';

export function checkConditions(inv: Invoice, out: Finding[]): void {
  checkVatPointDate(inv, out);
  checkVatIdentifierPrefixes(inv, out);
  checkTotals(inv, out);
  checkTaxTotals(inv, out);
  checkTaxInclusive(inv, out);
  for (const b of generalBreakdowns(inv)) checkBreakdownTax(inv, b, out);
  checkHasBreakdown(inv, out);
  checkPeriodsFilled(inv, out);
  checkSellerIdentified(inv, out);
}

/** BR-CO-03: the VAT point date (BT-7) and its code (BT-8) exclude each other. */
function checkVatPointDate(inv: Invoice, out: Finding[]): void {
  const ok = !(inv.vatPointDate !== undefined && inv.vatPointDateCode !== undefined);
  const message = 'The value added tax point date (BT-7) and its code (BT-8) are mutually exclusive.';
  if (inv.syntax === 'ubl') {
    assert(out, ok, 'BR-CO-03', 'BT-7', inv.at, message);
  } else {
    // The CII binding puts it in the VAT breakdown context: once per breakdown.
    for (const b of generalBreakdowns(inv)) assert(out, ok, 'BR-CO-03', 'BT-7', b.at, message);
  }
}

/**
 * BR-CO-09: VAT identifiers start with a country prefix. UBL tests whether the first two
 * characters occur anywhere in its space-separated list; CII tests them as a whole code.
 */
function checkVatIdentifierPrefixes(inv: Invoice, out: Finding[]): void {
  const message = 'A VAT identifier (BT-31, BT-48, BT-63) shall start with an ISO 3166-1 country prefix (EL for Greece).';
  // `//cac:PartyTaxScheme`, `//ram:SpecifiedTaxRegistration`: any party's, a delivery party's say, as well.
  const registrations = [...parties(inv).flatMap((p) => p.taxRegistrations), ...(inv.elsewhere?.taxRegistrations ?? [])];
  for (const r of registrations) {
    if (inv.syntax === 'ubl') {
      if (ublVat(r)) assert(out, UBL_PREFIX_TEXT.includes(firstTwo(r.id)), 'BR-CO-09', 'BT-31', r.at, message);
    } else if (r.scheme === 'VA' && r.id !== undefined) {
      assert(out, CII_VAT_PREFIXES.has(firstTwo(r.id)), 'BR-CO-09', 'BT-31', r.at, message);
    }
  }
}

const UBL_PREFIX_TEXT = ` ${[...UBL_VAT_PREFIXES].join(' ')} `;
const firstTwo = (s: string | undefined): string => [...(s ?? '')].slice(0, 2).join('');

/** BR-CO-10…13, BR-CO-16 on the document totals (BG-22). */
function checkTotals(inv: Invoice, out: Finding[]): void {
  const t = inv.totals;
  if (!t) return;
  const ubl = inv.syntax === 'ubl';
  const lineAmounts = summedLines(inv).map((l) => l.netAmount);
  // CII sums the line amounts as doubles, then rounds their exact value to cents.
  const linesSum = ubl ? roundCents(sumDec(lineAmounts)) : roundCentsOfDouble(sumDbl(lineAmounts));
  assert(out, decEq(dec(t.lineTotal), linesSum), 'BR-CO-10', 'BT-106', t.at, 'The sum of invoice line net amounts (BT-106) shall equal the sum of the line net amounts (BT-131).');

  const allowances = inv.allowanceCharges.filter(isAllowance);
  const charges = inv.allowanceCharges.filter(isCharge);
  assert(out, documentLevelTotal(inv, t.allowanceTotal, allowances), 'BR-CO-11', 'BT-107', t.at, 'The sum of allowances on document level (BT-107) shall equal the sum of the document level allowance amounts (BT-92).');
  assert(out, documentLevelTotal(inv, t.chargeTotal, charges), 'BR-CO-12', 'BT-108', t.at, 'The sum of charges on document level (BT-108) shall equal the sum of the document level charge amounts (BT-99).');

  const lines = dec(t.lineTotal);
  const allowance = dec(t.allowanceTotal);
  const charge = dec(t.chargeTotal);
  const exclusive = dec(t.taxExclusive);
  const hasA = t.allowanceTotal !== undefined;
  const hasC = t.chargeTotal !== undefined;
  let ok: boolean;
  if (ubl) {
    if (hasC && hasA) ok = decEq(exclusive, roundCents(add(sub(lines, allowance), charge)));
    else if (hasA) ok = decEq(exclusive, roundCents(sub(lines, allowance)));
    else if (hasC) ok = decEq(exclusive, roundCents(add(lines, charge)));
    else ok = decEq(exclusive, lines);
  } else {
    ok =
      decEq(exclusive, roundCents(add(sub(lines, allowance), charge))) ||
      (decEq(exclusive, roundCents(sub(lines, allowance))) && !hasC) ||
      (decEq(exclusive, roundCents(add(lines, charge))) && !hasA) ||
      (decEq(exclusive, roundCents(lines)) && !hasC && !hasA);
  }
  assert(out, ok, 'BR-CO-13', 'BT-109', t.at, 'The invoice total without VAT (BT-109) shall equal the sum of line net amounts (BT-106) minus allowances (BT-107) plus charges (BT-108).');

  const inclusive = dec(t.taxInclusive);
  const payable = dec(t.payable);
  const prepaid = dec(t.prepaid);
  const rounding = dec(t.rounding);
  const hasP = t.prepaid !== undefined;
  const hasR = t.rounding !== undefined;
  if (ubl) {
    if (hasP && !hasR) ok = decEq(payable, roundCents(sub(inclusive, prepaid)));
    else if (!hasP && !hasR) ok = decEq(payable, inclusive);
    else if (hasP) ok = decEq(roundCents(sub(payable, rounding)), roundCents(sub(inclusive, prepaid)));
    else ok = decEq(roundCents(sub(payable, rounding)), inclusive);
  } else {
    ok =
      decEq(payable, add(sub(inclusive, prepaid), rounding)) ||
      (decEq(payable, add(inclusive, rounding)) && !hasP) ||
      (decEq(payable, sub(inclusive, prepaid)) && !hasR) ||
      (decEq(payable, inclusive) && !hasP && !hasR);
  }
  assert(out, ok, 'BR-CO-16', 'BT-115', t.at, 'The amount due (BT-115) shall equal the total with VAT (BT-112) minus the paid amount (BT-113) plus the rounding amount (BT-114).');
}

const add = (a: XDecimal | undefined, b: XDecimal | undefined) => (a && b ? a.plus(b) : undefined);
const sub = (a: XDecimal | undefined, b: XDecimal | undefined) => (a && b ? a.minus(b) : undefined);

/**
 * BR-CO-11/12: a document level total equals its amounts rounded to cents, or neither is there.
 * UBL sums exact decimals; CII sums the first amount of each as doubles and compares doubles.
 */
function documentLevelTotal(inv: Invoice, total: string | undefined, acs: readonly { amount?: string | undefined }[]): boolean {
  if (total === undefined && acs.length === 0) return true;
  if (inv.syntax === 'ubl') return decEq(dec(total), roundCents(sumDec(acs.map((ac) => ac.amount))));
  const amounts = acs.map((ac) => ac.amount);
  const sum = roundDouble(sumDbl(amounts) * 10 * 10);
  return compareBare(total, sum === undefined ? undefined : sum / 100, noneThere(amounts)) === 0;
}

/** BR-CO-14: the invoice total VAT amount (BT-110) equals the sum of the breakdown tax amounts. */
function checkTaxTotals(inv: Invoice, out: Finding[]): void {
  const message = 'The invoice total VAT amount (BT-110) shall equal the sum of the VAT category tax amounts (BT-117).';
  if (inv.syntax === 'ubl') {
    inv.taxTotals.forEach((total, i) => {
      const own = inv.vatBreakdown.filter((b) => b.taxTotal === i);
      assert(out, own.length === 0 || decEq(dec(total.amount), roundCents(sumDec(own.map((b) => b.taxAmount)))), 'BR-CO-14', 'BT-110', total.at, message);
    });
    return;
  }
  const amounts = inv.vatBreakdown.map((b) => b.taxAmount);
  const sum = (roundDouble(sumDbl(amounts) * 10 * 10) ?? NaN) / 100;
  for (const total of inv.taxTotals) {
    if (inv.currency === undefined || total.currency !== inv.currency) continue;
    assert(out, compareBare(total.amount, sum, noneThere(amounts)) === 0, 'BR-CO-14', 'BT-110', total.at, message);
  }
}

/** BR-CO-15: total with VAT (BT-112) = total without VAT (BT-109) + total VAT (BT-110). */
function checkTaxInclusive(inv: Invoice, out: Finding[]): void {
  const currency = inv.currency;
  if (currency === undefined) return;
  const inCurrency = inv.taxTotals.filter((t) => t.currency === currency);
  const inclusive = dec(inv.totals?.taxInclusive);
  const exclusive = dec(inv.totals?.taxExclusive);
  const withTax = inCurrency.length === 1 && decEq(inclusive, roundCents(add(exclusive, dec(inCurrency[0]?.amount))));
  // CII also accepts an invoice whose totals with and without VAT are equal.
  const ok = inv.syntax === 'ubl' ? withTax : withTax || decEq(inclusive, exclusive);
  assert(out, ok, 'BR-CO-15', 'BT-112', inv.at, 'The invoice total with VAT (BT-112) shall equal the total without VAT (BT-109) plus the total VAT amount (BT-110).');
}

/**
 * BR-CO-17: a breakdown's tax amount is its taxable amount times its rate, within one unit.
 * UBL's bounds are strict, CII's are not.
 */
function checkBreakdownTax(inv: Invoice, b: VatBreakdown, out: Finding[]): void {
  const ubl = inv.syntax === 'ubl';
  const vat = ubl ? ublVat(b.category) : normalizedUpper(b.category.scheme) === 'VAT';
  const rate = vat ? dec(b.category.rate) : undefined;
  const tax = dec(b.taxAmount);
  const taxIsZero = decEq(round(tax), ZERO);
  const roundedRate = round(rate);
  let ok = (decEq(roundedRate, ZERO) && taxIsZero) || (rate === undefined && taxIsZero);
  if (!ok && rate && roundedRate && !roundedRate.isNaN() && !roundedRate.isZero()) {
    const expected = taxAtRate(dec(b.taxableAmount), rate);
    const absTax = tax?.abs();
    const below = absTax?.minus(ONE);
    const above = absTax?.plus(ONE);
    ok = ubl ? decLt(below, expected) && decLt(expected, above) : decLte(below, expected) && decLte(expected, above);
  }
  assert(out, ok, 'BR-CO-17', 'BT-117', b.at, 'The VAT category tax amount (BT-117) shall equal the taxable amount (BT-116) times the rate (BT-119) / 100, rounded to two decimals.');
}


/** BR-CO-18: at least one VAT breakdown. CII asks it once per line. */
function checkHasBreakdown(inv: Invoice, out: Finding[]): void {
  const ok = inv.vatBreakdown.length > 0;
  const message = 'An invoice shall have at least one VAT breakdown (BG-23).';
  if (inv.syntax === 'ubl') assert(out, ok, 'BR-CO-18', 'BG-23', inv.at, message);
  else for (const line of inv.lines) assert(out, ok, 'BR-CO-18', 'BG-23', line.at, message);
}

/** BR-CO-19, BR-CO-20: a period gives its start date, its end date or both (UBL: or BT-8). */
function checkPeriodsFilled(inv: Invoice, out: Finding[]): void {
  for (const p of invoicePeriods(inv)) {
    const ok = p.start !== undefined || p.end !== undefined || p.descriptionCode !== undefined;
    assert(out, ok, 'BR-CO-19', 'BG-14', p.at, 'An invoicing period (BG-14) shall have a start date (BT-73) or an end date (BT-74), or both.');
  }
  for (const lp of linePeriods(inv)) {
    assert(out, lp.start !== undefined || lp.end !== undefined, 'BR-CO-20', 'BG-26', lp.at, 'An invoice line period (BG-26) shall have a start date (BT-134) or an end date (BT-135), or both.');
  }
}

/** BR-CO-26: the seller is identified by an identifier (BT-29), a legal registration (BT-30) or a VAT identifier (BT-31). */
function checkSellerIdentified(inv: Invoice, out: Finding[]): void {
  const seller = inv.seller;
  if (!seller) return;
  assert(out, sellerIdentified(inv, seller), 'BR-CO-26', 'BT-29', seller.at, 'The seller shall be identified by a seller identifier (BT-29), a legal registration identifier (BT-30) or a VAT identifier (BT-31).');
}

function sellerIdentified(inv: Invoice, seller: Party): boolean {
  if (seller.legalRegistration !== undefined) return true;
  if (inv.syntax === 'ubl') {
    // A SEPA creditor identifier (BT-90) is written as a party identifier: it does not count.
    return seller.taxRegistrations.some((r) => ublVat(r) && r.id !== undefined) || seller.identifiers.some((i) => i.scheme !== 'SEPA');
  }
  return seller.identifiers.length > 0 || seller.taxRegistrations.some((r) => r.scheme === 'VA' && r.id !== undefined);
}
