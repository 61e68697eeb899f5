/**
 * The rules the categories with no VAT due share (Z zero rated, E exempt, AE reverse charge,
 * K intra-community supply, G export): rate 0 on lines, allowances and charges, one breakdown,
 * a taxable amount equal to what is invoiced in the category (exactly in UBL, within one unit
 * in CII), tax 0. The families differ in the party identifiers they ask for and in whether an
 * exemption reason is due.
 */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import {
  check,
  ciiBreakdowns,
  ciiExactlyOneBreakdown,
  ciiNodes,
  ciiPartyRules,
  ciiTaxableSum,
  exemptionRule,
  rateRules,
  TAXABLE_MESSAGE,
  ublBreakdowns,
  ublExactlyOneBreakdown,
  ublItemsIn,
  ublNodes,
  ublTaxableSum,
  within,
  zeroRate,
  zeroTax,
  ZERO_TAX_MESSAGE,
  type VatFamily,
} from './vat-common.ts';
import { dec, decEq } from './xpath.ts';

export interface NoTaxFamily extends VatFamily {
  /** The party identifiers rules 02…04 ask for, in each binding's words, and what they are. */
  readonly parties: { readonly ubl: (inv: Invoice) => boolean; readonly cii: (inv: Invoice) => boolean; readonly message: string };
  /** Rule 10: an exemption reason is due (E, AE, K, G) or not allowed (Z). */
  readonly exemptionRequired: boolean;
  /** Whether the CII breakdown context also tests the type code VAT (all but Z). */
  readonly ciiVatOnly: boolean;
}

export function checkNoTaxFamily(inv: Invoice, out: Finding[], f: NoTaxFamily): void {
  const ubl = inv.syntax === 'ubl';
  const breakdownMessage = 'an invoice with lines, allowances or charges in this category shall have exactly one VAT breakdown (BG-23) in it.';
  check(out, f, 1, ubl ? ublExactlyOneBreakdown(inv, f.code) : ciiExactlyOneBreakdown(inv, f.code), inv.at, breakdownMessage);

  const n = ubl ? ublNodes(inv, f.code) : ciiNodes(inv, f.code);
  if (ubl) {
    const ok = f.parties.ubl(inv);
    check(out, f, 2, !ublItemsIn(inv, f.code) || ok, inv.at, `an invoice line (BG-25) in this category ${f.parties.message}`);
    check(out, f, 3, n.allowances.length === 0 || ok, inv.at, `a document level allowance (BG-20) in this category ${f.parties.message}`);
    check(out, f, 4, n.charges.length === 0 || ok, inv.at, `a document level charge (BG-21) in this category ${f.parties.message}`);
  } else {
    ciiPartyRules(out, f, n, f.parties.cii(inv), f.parties.message);
  }
  rateRules(out, f, n, zeroRate(inv), 'be 0');

  const breakdowns = ubl ? ublBreakdowns(inv, f.code) : ciiBreakdowns(inv, f.code, f.ciiVatOnly);
  for (const b of breakdowns) {
    const at = ubl ? b.category.at : b.at;
    const sumOk = ubl
      ? inv.lines.length > 0 && decEq(dec(b.taxableAmount), ublTaxableSum(inv, f.code))
      : within(b.taxableAmount, ciiTaxableSum(inv, f.code));
    check(out, f, 8, sumOk, at, TAXABLE_MESSAGE);
    check(out, f, 9, zeroTax(inv, b), at, ZERO_TAX_MESSAGE);
  }
  exemptionRule(out, f, breakdowns, f.exemptionRequired);
}
