/** BR-O-01…14: VAT category O, services outside the scope of tax (not subject to VAT). */
import type { Finding } from '../../finding.ts';
import type { Invoice, TaxCategory } from '../model.ts';
import { allowanceChargeCategories, isAllowance, isCharge, lineCategories, ublCode, ublVat } from './select.ts';
import {
  check,
  ciiBreakdowns,
  ciiBuyerVatId,
  ciiCounts,
  ciiNodes,
  ciiPartyRules,
  ciiSellerVatId,
  ciiTaxableEquals,
  ciiTaxRepVatId,
  exemptionRule,
  noRate,
  rateRules,
  TAXABLE_MESSAGE,
  ublBreakdowns,
  ublBuyerVatId,
  ublExactlyOneBreakdown,
  ublItemsIn,
  ublNodes,
  ublSellerVatId,
  ublTaxableSum,
  ublTaxRepVatId,
  zeroTax,
  ZERO_TAX_MESSAGE,
  type VatFamily,
} from './vat-common.ts';
import { dec, decEq, normalizeSpace } from './xpath.ts';

const O: VatFamily = { prefix: 'BR-O', code: 'O', name: 'Not subject to VAT' };
const NO_IDS = 'shall not go with a seller VAT identifier (BT-31), tax representative VAT identifier (BT-63) or buyer VAT identifier (BT-48).';
const BREAKDOWN = 'an invoice with lines, allowances or charges in this category shall have exactly one VAT breakdown (BG-23) in it.';
const ONLY_BREAKDOWN = 'an invoice with a VAT breakdown (BG-23) in this category shall have no breakdown in another category.';
const ONLY_LINES = 'an invoice with a VAT breakdown (BG-23) in this category shall have no line (BG-25) in another category.';
const ONLY_ALLOWANCES = 'an invoice with a VAT breakdown (BG-23) in this category shall have no document level allowance (BG-20) in another category.';
const ONLY_CHARGES = 'an invoice with a VAT breakdown (BG-23) in this category shall have no document level charge (BG-21) in another category.';

export function checkNotSubject(inv: Invoice, out: Finding[]): void {
  if (inv.syntax === 'ubl') ubl(inv, out);
  else cii(inv, out);
}

function ubl(inv: Invoice, out: Finding[]): void {
  check(out, O, 1, ublExactlyOneBreakdown(inv, 'O'), inv.at, BREAKDOWN);
  const n = ublNodes(inv, 'O');
  const noIds = !ublSellerVatId(inv) && !ublTaxRepVatId(inv) && !ublBuyerVatId(inv);
  // BR-O-03/04 (UBL) look at document level allowances and charges only.
  const isO = (c: TaxCategory) => ublCode(c, 'O') && ublVat(c);
  const docLevel = (which: typeof isAllowance) => inv.allowanceCharges.some((ac) => which(ac) && ac.taxCategories.some(isO));
  check(out, O, 2, !ublItemsIn(inv, 'O') || noIds, inv.at, `an invoice line (BG-25) in this category ${NO_IDS}`);
  check(out, O, 3, !docLevel(isAllowance) || noIds, inv.at, `a document level allowance (BG-20) in this category ${NO_IDS}`);
  check(out, O, 4, !docLevel(isCharge) || noIds, inv.at, `a document level charge (BG-21) in this category ${NO_IDS}`);
  rateRules(out, O, n, noRate, 'not be given');

  const breakdowns = ublBreakdowns(inv, 'O');
  for (const b of breakdowns) {
    check(out, O, 8, inv.lines.length > 0 && decEq(dec(b.taxableAmount), ublTaxableSum(inv, 'O')), b.category.at, TAXABLE_MESSAGE);
    check(out, O, 9, zeroTax(inv, b), b.category.at, ZERO_TAX_MESSAGE);
  }
  exemptionRule(out, O, breakdowns, true);

  if (breakdowns.length === 0) return;
  // A VAT category "other than O" includes one without a code.
  const other = (c: TaxCategory) => ublVat(c) && normalizeSpace(c.code) !== 'O';
  check(out, O, 11, !inv.vatBreakdown.some((b) => other(b.category)), inv.at, ONLY_BREAKDOWN, 'BG-23');
  check(out, O, 12, !lineCategories(inv).some(other), inv.at, ONLY_LINES, 'BT-151');
  check(out, O, 13, !allowanceChargeCategories(inv, isAllowance).some(other), inv.at, ONLY_ALLOWANCES, 'BT-95');
  check(out, O, 14, !allowanceChargeCategories(inv, isCharge).some(other), inv.at, ONLY_CHARGES, 'BT-102');
}

function cii(inv: Invoice, out: Finding[]): void {
  const { lines, acs, breakdowns: inBreakdown } = ciiCounts(inv, 'O');
  check(out, O, 1, inBreakdown === 0 || (inBreakdown === 1 && (lines > 0 || acs > 0)), inv.at, BREAKDOWN);
  const n = ciiNodes(inv, 'O');
  ciiPartyRules(out, O, n, !ciiSellerVatId(inv) && !ciiTaxRepVatId(inv) && !ciiBuyerVatId(inv), NO_IDS);
  rateRules(out, O, n, noRate, 'not be given');

  // A category "other than O" has a code that is not O; one without a code does not count here.
  const other = (c: TaxCategory) => c.code !== undefined && c.code !== 'O';
  const otherTax = inv.vatBreakdown.some((b) => other(b.category)) || lineCategories(inv).some(other);
  const otherAllowanceCharge = allowanceChargeCategories(inv).some(other);
  const breakdowns = ciiBreakdowns(inv, 'O', true);
  for (const b of breakdowns) {
    check(out, O, 8, ciiTaxableEquals(inv, b.taxableAmount, 'O'), b.at, TAXABLE_MESSAGE);
    check(out, O, 9, zeroTax(inv, b), b.at, ZERO_TAX_MESSAGE);
    check(out, O, 11, !otherTax, b.at, ONLY_BREAKDOWN, 'BG-23');
    check(out, O, 12, !otherTax, b.at, ONLY_LINES, 'BT-151');
    check(out, O, 13, !otherAllowanceCharge, b.at, ONLY_ALLOWANCES, 'BT-95');
    check(out, O, 14, !otherAllowanceCharge, b.at, ONLY_CHARGES, 'BT-102');
  }
  exemptionRule(out, O, breakdowns, true);
}
