/**
 * BR-DEC: amounts have at most two decimals, counted on the text as written.
 * In UBL, BR-DEC-13 and BR-DEC-15 select the VAT total with a path that matches nothing
 * (`cbc:DocumentCurrencyCode` read under the amount), so they never fire; CII checks them in
 * doubles, and passes as soon as one VAT total qualifies.
 */
import type { Finding } from '../../finding.ts';
import type { AllowanceCharge, Invoice, TaxTotal } from '../model.ts';
import { assert } from './report.ts';
import { allowanceChargeAt, contextAllowanceCharges, generalBreakdowns } from './select.ts';
import { atMostTwoDecimals, dbl } from './xpath.ts';

const TWO = 'at most two decimals';

export function checkDecimals(inv: Invoice, out: Finding[]): void {
  allowanceCharges(out, contextAllowanceCharges(inv, inv.allowanceCharges, false), AMOUNT_RULES.documentAllowance);
  allowanceCharges(out, contextAllowanceCharges(inv, inv.allowanceCharges, true), AMOUNT_RULES.documentCharge);
  for (const line of inv.lines) {
    amount(out, line.netAmount, 'BR-DEC-23', 'BT-131', line.at);
    allowanceCharges(out, contextAllowanceCharges(inv, line.allowanceCharges, false), AMOUNT_RULES.lineAllowance);
    allowanceCharges(out, contextAllowanceCharges(inv, line.allowanceCharges, true), AMOUNT_RULES.lineCharge);
  }
  for (const b of generalBreakdowns(inv)) {
    amount(out, b.taxableAmount, 'BR-DEC-19', 'BT-116', b.at);
    amount(out, b.taxAmount, 'BR-DEC-20', 'BT-117', b.at);
  }
  const t = inv.totals;
  if (!t) return;
  amount(out, t.lineTotal, 'BR-DEC-09', 'BT-106', t.at);
  amount(out, t.allowanceTotal, 'BR-DEC-10', 'BT-107', t.at);
  amount(out, t.chargeTotal, 'BR-DEC-11', 'BT-108', t.at);
  amount(out, t.taxExclusive, 'BR-DEC-12', 'BT-109', t.at);
  amount(out, t.taxInclusive, 'BR-DEC-14', 'BT-112', t.at);
  amount(out, t.prepaid, 'BR-DEC-16', 'BT-113', t.at);
  amount(out, t.rounding, 'BR-DEC-17', 'BT-114', t.at);
  amount(out, t.payable, 'BR-DEC-18', 'BT-115', t.at);
  if (inv.syntax === 'cii' && inv.taxTotals.length > 0) {
    const cents = (x: TaxTotal) => {
      const v = dbl(x.amount);
      return v !== undefined && v === Math.round(v * 100) / 100;
    };
    const currency = inv.currency;
    const vatCurrency = inv.vatCurrency;
    const inInvoiceCurrency = inv.taxTotals.some((x) => (currency !== undefined && x.currency === currency ? cents(x) : true));
    assert(out, inInvoiceCurrency, 'BR-DEC-13', 'BT-110', t.at, `The invoice total VAT amount (BT-110) shall have ${TWO}.`);
    const inVatCurrency = vatCurrency === undefined || inv.taxTotals.some((x) => x.currency === vatCurrency && cents(x));
    assert(out, inVatCurrency, 'BR-DEC-15', 'BT-111', t.at, `The invoice total VAT amount in accounting currency (BT-111) shall have ${TWO}.`);
  }
}

function amount(out: Finding[], value: string | undefined, rule: string, term: string, at: string): void {
  if (!atMostTwoDecimals(value)) assert(out, false, rule, term, at, `The ${term} amount shall have ${TWO}.`);
}

/** The rules and terms of an allowance's or charge's amount and base amount. */
type AmountRules = readonly [amount: readonly [rule: string, term: string], base: readonly [rule: string, term: string]];
/** Per kind of allowance or charge: [amount rule, term], [base amount rule, term]. */
const AMOUNT_RULES: Readonly<Record<'documentAllowance' | 'documentCharge' | 'lineAllowance' | 'lineCharge', AmountRules>> = {
  documentAllowance: [['BR-DEC-01', 'BT-92'], ['BR-DEC-02', 'BT-93']],
  documentCharge: [['BR-DEC-05', 'BT-99'], ['BR-DEC-06', 'BT-100']],
  lineAllowance: [['BR-DEC-24', 'BT-136'], ['BR-DEC-25', 'BT-137']],
  lineCharge: [['BR-DEC-27', 'BT-141'], ['BR-DEC-28', 'BT-142']],
};

function allowanceCharges(out: Finding[], acs: AllowanceCharge[], [[amountRule, amountTerm], [baseRule, baseTerm]]: AmountRules): void {
  for (const ac of acs) {
    const at = allowanceChargeAt(ac);
    amount(out, ac.amount, amountRule, amountTerm, at);
    amount(out, ac.baseAmount, baseRule, baseTerm, at);
  }
}
