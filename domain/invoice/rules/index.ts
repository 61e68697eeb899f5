/** All EN 16931 business rules on the canonical model, in one pass per family. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { checkAllowanceChargeRules } from './core-allowances.ts';
import { checkBreakdownRules } from './core-breakdown.ts';
import { checkDocumentRules } from './core-document.ts';
import { checkLineRules } from './core-lines.ts';
import { checkPartyRules } from './core-parties.ts';
import { checkPaymentRules } from './core-payment.ts';
import { checkPeriods } from './core-periods.ts';
import { checkConditions } from './conditions.ts';
import { checkDecimals } from './decimals.ts';
import { checkExempt } from './vat-exempt.ts';
import { checkExport } from './vat-export.ts';
import { checkIgic } from './vat-igic.ts';
import { checkIntraCommunity } from './vat-intra-community.ts';
import { checkIpsi } from './vat-ipsi.ts';
import { checkNotSubject } from './vat-not-subject.ts';
import { checkReverseCharge } from './vat-reverse-charge.ts';
import { checkSplitPayment } from './vat-split-payment.ts';
import { checkStandardRated } from './vat-standard.ts';
import { checkZeroRated } from './vat-zero.ts';
import { categoryCodes } from './select.ts';
import { forgetParsedDecimals } from './xpath.ts';

type Family = (inv: Invoice, out: Finding[]) => void;

const FAMILIES: readonly Family[] = [
  checkDocumentRules,
  checkPartyRules,
  checkLineRules,
  checkPeriods,
  checkAllowanceChargeRules,
  checkBreakdownRules,
  checkPaymentRules,
  checkConditions,
  checkDecimals,
];

/**
 * The VAT category families, each with its category code. Every rule of a family is about a
 * line, allowance, charge or breakdown in its category (BR-B-02 names S too, but only where B
 * is), so a family whose code the invoice has nowhere cannot fire: it is skipped, as nine of ten
 * are on an invoice in one category.
 */
const VAT_FAMILIES: readonly (readonly [Family, string])[] = [
  [checkStandardRated, 'S'],
  [checkZeroRated, 'Z'],
  [checkExempt, 'E'],
  [checkReverseCharge, 'AE'],
  [checkIntraCommunity, 'K'],
  [checkExport, 'G'],
  [checkNotSubject, 'O'],
  [checkIgic, 'L'],
  [checkIpsi, 'M'],
  [checkSplitPayment, 'B'],
];

export function checkRules(inv: Invoice): Finding[] {
  forgetParsedDecimals();
  const out: Finding[] = [];
  for (const family of FAMILIES) family(inv, out);
  const codes = categoryCodes(inv);
  for (const [family, code] of VAT_FAMILIES) if (codes.has(code)) family(inv, out);
  return out;
}
