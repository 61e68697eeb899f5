/**
 * What IGIC (L, Canary Islands, BR-AF) and IPSI (M, Ceuta and Melilla, BR-AG) share: rated
 * categories like S, with their rate per line, allowance and charge and one breakdown per rate.
 * In CII, rules 08 and 09 read the rate and the amounts one level too high (under
 * ApplicableHeaderTradeSettlement) and always pass.
 */
import type { Finding } from '../../finding.ts';
import type { Invoice, TaxCategory } from '../model.ts';
import { allowanceChargeCategories, isCharge, lineCategories, ublCode, ublVat } from './select.ts';
import {
  brackets,
  check,
  ciiBreakdowns,
  ciiNodes,
  ciiPairedBreakdown,
  ciiPartyRules,
  ciiSellerTaxId,
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
  ublTaxableSum,
  ublTaxRepVatId,
  type VatFamily,
} from './vat-common.ts';
import { bareAboveZero, bareAtLeastZero, dec } from './xpath.ts';

export interface LocalTaxFamily extends VatFamily {
  /** UBL rule 01 counts the breakdowns in the category by the code as written, with (M) or without (L) the VAT scheme test. */
  readonly ublRawBreakdownNeedsVat: boolean;
  /** UBL rule 04 exempts the invoice by the code as written (L) or trimmed (M). */
  readonly ublRawChargeExemption: boolean;
  /** CII rules 05…07: the rate is positive (L) or not negative (M). */
  readonly ciiPositiveRate: boolean;
}

const SELLER = 'requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63).';
const BREAKDOWN = 'an invoice with lines, allowances or charges in this category shall have at least one VAT breakdown (BG-23) in it.';

export function checkLocalTaxFamily(inv: Invoice, out: Finding[], f: LocalTaxFamily): void {
  if (inv.syntax === 'ubl') ubl(inv, out, f);
  else cii(inv, out, f);
}

function ubl(inv: Invoice, out: Finding[], f: LocalTaxFamily): void {
  const of = (c: TaxCategory) => ublCode(c, f.code) && ublVat(c);
  const used = allowanceChargeCategories(inv).filter(of).length + lineCategories(inv).filter(of).length;
  const asWritten = inv.vatBreakdown.filter((b) => b.category.code === f.code && (!f.ublRawBreakdownNeedsVat || ublVat(b.category))).length;
  const inBreakdown = inv.vatBreakdown.filter((b) => of(b.category)).length;
  check(out, f, 1, (used > 0 && asWritten > 0) || (used === 0 && inBreakdown === 0), inv.at, BREAKDOWN);

  const n = ublNodes(inv, f.code);
  const seller = ublSellerTaxId(inv) || ublTaxRepVatId(inv);
  check(out, f, 2, !ublItemsIn(inv, f.code) || seller, inv.at, `an invoice line (BG-25) in this category ${SELLER}`);
  check(out, f, 3, n.allowances.length === 0 || seller, inv.at, `a document level allowance (BG-20) in this category ${SELLER}`);
  const chargeExempt = f.ublRawChargeExemption
    ? !allowanceChargeCategories(inv, isCharge).some((c) => c.code === f.code && ublVat(c))
    : n.charges.length === 0;
  check(out, f, 4, (n.charges.length > 0 && seller) || chargeExempt, inv.at, `a document level charge (BG-21) in this category ${SELLER}`);
  rateRules(out, f, n, bareAtLeastZero, 'be 0 or greater');

  const breakdowns = ublBreakdowns(inv, f.code);
  for (const b of breakdowns) {
    const rate = dec(b.category.rate);
    const ok = rate === undefined || (inv.lines.length > 0 && brackets(b.taxableAmount, ublTaxableSum(inv, f.code, rate)));
    check(out, f, 8, ok, b.category.at, `${TAXABLE_MESSAGE} (per rate)`);
    check(out, f, 9, ublRatedTax(b), b.category.at, TAX_MESSAGE);
  }
  exemptionRule(out, f, breakdowns, false);
}

function cii(inv: Invoice, out: Finding[], f: LocalTaxFamily): void {
  check(out, f, 1, ciiPairedBreakdown(inv, f.code), inv.at, BREAKDOWN);
  const n = ciiNodes(inv, f.code);
  ciiPartyRules(out, f, n, ciiSellerTaxId(inv) || ciiTaxRepVatId(inv), SELLER);
  const rate = f.ciiPositiveRate ? bareAboveZero : bareAtLeastZero;
  rateRules(out, f, n, rate, f.ciiPositiveRate ? 'be greater than zero' : 'be 0 or greater');
  exemptionRule(out, f, ciiBreakdowns(inv, f.code, true), false);
}
