/**
 * Core rules on allowances and charges: BR-31…33, BR-36…38, BR-41…44, and BR-CO-21…24,
 * which repeat the reason test of BR-33, BR-38, BR-42 and BR-44 under their own ids.
 * (BR-CO-05…08, on reasons agreeing with their codes, are `true()` in the official rules.)
 */
import type { Finding } from '../../finding.ts';
import type { AllowanceCharge, Invoice } from '../model.ts';
import { assert } from './report.ts';
import { allowanceChargeAt, contextAllowanceCharges, isVat } from './select.ts';

export function checkAllowanceChargeRules(inv: Invoice, out: Finding[]): void {
  for (const ac of contextAllowanceCharges(inv, inv.allowanceCharges, false)) {
    const at = allowanceChargeAt(ac);
    assert(out, ac.amount !== undefined, 'BR-31', 'BT-92', at, 'Each document level allowance (BG-20) shall have an amount (BT-92).');
    assert(out, hasVatCategory(inv, ac), 'BR-32', 'BT-95', at, 'Each document level allowance (BG-20) shall have a VAT category code (BT-95).');
    reason(out, ac, at, ['BR-33', 'BR-CO-21'], 'BT-97', 'Each document level allowance (BG-20) shall have a reason (BT-97) or a reason code (BT-98).');
  }
  for (const ac of contextAllowanceCharges(inv, inv.allowanceCharges, true)) {
    const at = allowanceChargeAt(ac);
    assert(out, ac.amount !== undefined, 'BR-36', 'BT-99', at, 'Each document level charge (BG-21) shall have an amount (BT-99).');
    assert(out, hasVatCategory(inv, ac), 'BR-37', 'BT-102', at, 'Each document level charge (BG-21) shall have a VAT category code (BT-102).');
    reason(out, ac, at, ['BR-38', 'BR-CO-22'], 'BT-104', 'Each document level charge (BG-21) shall have a reason (BT-104) or a reason code (BT-105).');
  }
  for (const line of inv.lines) {
    for (const ac of contextAllowanceCharges(inv, line.allowanceCharges, false)) {
      const at = allowanceChargeAt(ac);
      assert(out, ac.amount !== undefined, 'BR-41', 'BT-136', at, 'Each invoice line allowance (BG-27) shall have an amount (BT-136).');
      reason(out, ac, at, ['BR-42', 'BR-CO-23'], 'BT-139', 'Each invoice line allowance (BG-27) shall have a reason (BT-139) or a reason code (BT-140).');
    }
    for (const ac of contextAllowanceCharges(inv, line.allowanceCharges, true)) {
      const at = allowanceChargeAt(ac);
      assert(out, ac.amount !== undefined, 'BR-43', 'BT-141', at, 'Each invoice line charge (BG-28) shall have an amount (BT-141).');
      reason(out, ac, at, ['BR-44', 'BR-CO-24'], 'BT-144', 'Each invoice line charge (BG-28) shall have a reason (BT-144) or a reason code (BT-145).');
    }
  }
}

const hasVatCategory = (inv: Invoice, ac: AllowanceCharge): boolean => ac.taxCategories.some((c) => isVat(inv, c) && c.code !== undefined);

function reason(out: Finding[], ac: AllowanceCharge, at: string, rules: readonly string[], term: string, message: string): void {
  const ok = ac.reason !== undefined || ac.reasonCode !== undefined;
  for (const rule of rules) assert(out, ok, rule, term, at, message);
}
