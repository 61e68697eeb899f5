/** BR-S-01…10: VAT category S, standard rated. */
import type { Finding } from '../../finding.ts';
import type { Invoice, TaxCategory } from '../model.ts';
import { allAllowanceCharges, allowanceChargeCategories, lineCategories, ublCode } from './select.ts';
import {
  brackets,
  check,
  ciiBreakdowns,
  ciiNodes,
  ciiPairedBreakdown,
  ciiPartyRules,
  ciiSellerTaxId,
  ciiTaxableEquals,
  ciiTaxRepVatId,
  exemptionRule,
  rateRules,
  TAX_MESSAGE,
  TAXABLE_MESSAGE,
  ublBreakdowns,
  ublItemsIn,
  ublNodes,
  ublRatedTax,
  ublSellerTaxId,
  ublTaxableSums,
  ublTaxRepVatId,
  type VatFamily,
} from './vat-common.ts';
import { bareAboveZero, dbl, dec, ONE, type XDecimal } from './xpath.ts';

const S: VatFamily = { prefix: 'BR-S', code: 'S', name: 'Standard rated' };
const SELLER = 'requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63).';
const BREAKDOWN = 'an invoice with lines, allowances or charges in this category shall have a VAT breakdown (BG-23) in it.';

export function checkStandardRated(inv: Invoice, out: Finding[]): void {
  if (inv.syntax === 'ubl') ubl(inv, out);
  else cii(inv, out);
}

function ubl(inv: Invoice, out: Finding[]): void {
  // BR-S-01 and the exemption of BR-S-02 count categories S of any scheme.
  const isS = (c: TaxCategory) => ublCode(c, 'S');
  const linesInS = lineCategories(inv).filter(isS).length;
  const used = allowanceChargeCategories(inv).filter(isS).length + linesInS;
  const inBreakdown = inv.vatBreakdown.filter((b) => isS(b.category)).length;
  check(out, S, 1, (used > 0 && inBreakdown > 0) || (used === 0 && inBreakdown === 0), inv.at, BREAKDOWN);

  const n = ublNodes(inv, 'S');
  const seller = ublSellerTaxId(inv) || ublTaxRepVatId(inv);
  check(out, S, 2, (ublItemsIn(inv, 'S') && seller) || linesInS === 0, inv.at, `an invoice line (BG-25) in this category ${SELLER}`);
  check(out, S, 3, n.allowances.length === 0 || seller, inv.at, `a document level allowance (BG-20) in this category ${SELLER}`);
  check(out, S, 4, n.charges.length === 0 || seller, inv.at, `a document level charge (BG-21) in this category ${SELLER}`);
  rateRules(out, S, n, bareAboveZero, 'be greater than zero');

  const breakdowns = ublBreakdowns(inv, 'S');
  for (const b of breakdowns) {
    const rate = dec(b.category.rate);
    check(out, S, 8, rate === undefined || ublPerRate(inv, b.taxableAmount, rate), b.category.at, `${TAXABLE_MESSAGE} (per rate)`);
    check(out, S, 9, ublRatedTax(b), b.category.at, TAX_MESSAGE);
  }
  exemptionRule(out, S, breakdowns, false);
}

/**
 * BR-S-08 (UBL) for one rate. The official test is "(an invoice line or an allowance or charge
 * has the rate) and the taxable amount brackets the invoice lines' sum, or (a credit note line
 * or an allowance or charge has it) and it brackets the credit note lines' sum": in a document
 * of one line kind, the other half sums the allowances and charges alone.
 */
function ublPerRate(inv: Invoice, taxable: string | undefined, rate: XDecimal): boolean {
  const atRate = (cs: readonly TaxCategory[]) => cs.some((c) => ublCode(c, 'S')) && cs.some((c) => dec(c.rate)?.eq(rate) === true);
  const lineAtRate = inv.lines.some((l) => atRate(l.taxCategories));
  const acAtRate = allAllowanceCharges(inv).some((ac) => atRate(ac.taxCategories));
  const sums = ublTaxableSums(inv, 'S', rate);
  return ((lineAtRate || acAtRate) && brackets(taxable, sums.lines.plus(sums.allowanceCharges))) || (acAtRate && brackets(taxable, sums.allowanceCharges));
}

function cii(inv: Invoice, out: Finding[]): void {
  check(out, S, 1, ciiPairedBreakdown(inv, 'S'), inv.at, BREAKDOWN);
  const n = ciiNodes(inv, 'S');
  ciiPartyRules(out, S, n, ciiSellerTaxId(inv) || ciiTaxRepVatId(inv), SELLER);
  rateRules(out, S, n, bareAboveZero, 'be greater than zero');

  // The CII breakdown context is the category code 'S', whatever the type code.
  const breakdowns = ciiBreakdowns(inv, 'S', false);
  for (const b of breakdowns) {
    const rate = dec(b.category.rate);
    const ok = rate === undefined || ciiTaxableEquals(inv, b.taxableAmount, 'S', rate);
    check(out, S, 8, ok, b.at, `${TAXABLE_MESSAGE} (per rate)`);
    // Here the taxable amount times the rate is a double.
    const expected = Math.round((dec(b.taxableAmount)?.abs().toNumber() ?? NaN) * (dbl(b.category.rate) ?? NaN)) / 100;
    const tax = dec(b.taxAmount)?.abs();
    check(out, S, 9, tax !== undefined && tax.minus(ONE).toNumber() < expected && tax.plus(ONE).toNumber() > expected, b.at, TAX_MESSAGE);
  }
  exemptionRule(out, S, breakdowns, false);
}
