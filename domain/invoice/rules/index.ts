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
import { forgetParsedDecimals } from './xpath.ts';

const FAMILIES: readonly ((inv: Invoice, out: Finding[]) => void)[] = [
  checkDocumentRules,
  checkPartyRules,
  checkLineRules,
  checkPeriods,
  checkAllowanceChargeRules,
  checkBreakdownRules,
  checkPaymentRules,
  checkConditions,
  checkDecimals,
  checkStandardRated,
  checkZeroRated,
  checkExempt,
  checkReverseCharge,
  checkIntraCommunity,
  checkExport,
  checkNotSubject,
  checkIgic,
  checkIpsi,
  checkSplitPayment,
];

export function checkRules(inv: Invoice): Finding[] {
  forgetParsedDecimals();
  const out: Finding[] = [];
  for (const family of FAMILIES) family(inv, out);
  return out;
}
