/** BR-29, BR-30: a period does not end before it starts. */
import type { Finding } from '../../finding.ts';
import type { Invoice, Period } from '../model.ts';
import { assert } from './report.ts';
import { invoicePeriods, linePeriods } from './select.ts';
import { xsDate } from './xpath.ts';

/**
 * UBL: `xs:date(EndDate) >= xs:date(StartDate)` when both are there. CII compares the two
 * format 102 strings as written, as text, and an element without such a string has nothing to
 * compare.
 */
function ordered(inv: Invoice, p: Period): boolean {
  if (p.start === undefined || p.end === undefined) return true;
  if (inv.syntax === 'ubl') {
    const start = xsDate(p.start);
    const end = xsDate(p.end);
    return start !== null && end !== null && end >= start;
  }
  const start = p.written?.start ?? p.start;
  const end = p.written?.end ?? p.end;
  return start !== '' && end !== '' && end >= start;
}

export function checkPeriods(inv: Invoice, out: Finding[]): void {
  for (const p of invoicePeriods(inv)) {
    assert(out, ordered(inv, p), 'BR-29', 'BG-14', p.at, 'The invoicing period end date (BT-74) shall not be before its start date (BT-73).');
  }
  for (const lp of linePeriods(inv)) {
    assert(out, ordered(inv, lp), 'BR-30', 'BG-26', lp.at, 'The invoice line period end date (BT-135) shall not be before its start date (BT-134).');
  }
}
