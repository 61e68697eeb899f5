/** Core rules on the VAT breakdown: BR-45…48. */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { assert } from './report.ts';
import { generalBreakdowns, isVat } from './select.ts';
import { normalizeSpace } from './xpath.ts';

export function checkBreakdownRules(inv: Invoice, out: Finding[]): void {
  for (const b of generalBreakdowns(inv)) {
    const vat = isVat(inv, b.category);
    assert(out, b.taxableAmount !== undefined, 'BR-45', 'BT-116', b.at, 'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).');
    assert(out, b.taxAmount !== undefined, 'BR-46', 'BT-117', b.at, 'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).');
    assert(out, vat && b.category.code !== undefined, 'BR-47', 'BT-118', b.at, 'Each VAT breakdown (BG-23) shall have a VAT category code (BT-118).');
    // "Not subject to VAT" (O) has no rate: UBL trims the code, CII compares it as written.
    const notSubject = inv.syntax === 'ubl' ? normalizeSpace(b.category.code) === 'O' : b.category.code === 'O';
    assert(out, vat && (b.category.rate !== undefined || notSubject), 'BR-48', 'BT-119', b.at, 'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), unless not subject to VAT.');
  }
}
