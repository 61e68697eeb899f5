/** BR-B-01, BR-B-02: VAT category B, split payment (Italy). Codes are compared as written. */
import type { Finding } from '../../finding.ts';
import type { Invoice, TaxCategory } from '../model.ts';
import { assert } from './report.ts';
import { allowanceChargeCategories, lineCategories, parties, ublTaxCategories } from './select.ts';

export function checkSplitPayment(inv: Invoice, out: Finding[]): void {
  const ubl = inv.syntax === 'ubl';
  const lines = lineCategories(inv);
  const breakdowns = inv.vatBreakdown.map((b) => b.category);
  const anyLevel = allowanceChargeCategories(inv);
  // UBL BR-B-02 looks at document level allowances and charges only; CII at every category code.
  const documentLevel = ubl ? inv.allowanceCharges.flatMap((ac) => ac.taxCategories) : anyLevel;
  const has = (cs: readonly TaxCategory[], code: string) => cs.some((c) => c.code === code);
  // UBL `//cac:TaxCategory`, which also reaches a line's own tax total.
  const split = (ubl ? has(ublTaxCategories(inv), 'B') : has(breakdowns, 'B') || has(anyLevel, 'B')) || has(lines, 'B');

  // Every country code written (UBL also counts the items' countries of origin) is IT.
  const countries = parties(inv).map((p) => p.address?.countryCode);
  countries.push(inv.delivery?.address?.countryCode);
  if (ubl) countries.push(...inv.lines.map((l) => l.item?.originCountry));
  const italian = countries.every((c) => c === undefined || c === 'IT');
  assert(out, !split || italian, 'BR-B-01', 'BT-151', inv.at, 'An invoice in VAT category "Split payment" (B) shall be a domestic Italian invoice.');

  const splitHere = has(breakdowns, 'B') || has(documentLevel, 'B') || has(lines, 'B');
  const standard = has(breakdowns, 'S') || has(documentLevel, 'S') || has(lines, 'S');
  assert(out, !splitHere || !standard, 'BR-B-02', 'BT-151', inv.at, 'An invoice in VAT category "Split payment" (B) shall have nothing in category "Standard rated" (S).');
}
