/**
 * The rules Factur-X EXTENDED's Schematron (1.09.2) has in place of EN 16931's, reported under the
 * EN 16931 ids they stand for, and rules of its own:
 * - the document totals (BR-FXEXT-CO-10…13, -15) with a tolerance of 0.01 per amount counted
 *   (line, allowance, charge), since EXTENDED invoices may round line by line; as in the
 *   Schematron, a total that is absent makes its `for` range over nothing, and the rule fails:
 *   BR-CO-15 wants exactly one VAT total in the invoice currency;
 * - BR-CO-25, a due date or payment terms when an amount is due;
 * - rule 01 of each VAT category (BR-FXEXT-S-01…): a category used somewhere has at least one
 *   breakdown, one in the breakdown is used somewhere;
 * - BR-FXEXT-08: a group line's amount is the sum of the amounts of the lines it groups.
 */
import type { Finding } from '../../finding.ts';
import type { Invoice } from '../model.ts';
import { assert } from './report.ts';
import { allowanceChargeCategories, contextAllowanceCharges, lineCategories, summedLines } from './select.ts';
import { bareAboveZero, dbl, dec, decOfDouble, hasText, normalizeSpace, roundDouble, sumDbl, XDecimal } from './xpath.ts';

/** The VAT categories, by code, and the prefix of their rules. */
const CATEGORIES: readonly (readonly [string, string])[] = [
  ['S', 'BR-S'],
  ['Z', 'BR-Z'],
  ['E', 'BR-E'],
  ['AE', 'BR-AE'],
  ['K', 'BR-IC'],
  ['G', 'BR-G'],
  ['O', 'BR-O'],
  ['L', 'BR-AF'],
  ['M', 'BR-AG'],
];

/** The EN 16931 rules this module replaces for EXTENDED. */
export const REPLACED_IN_EXTENDED: readonly string[] = ['BR-CO-10', 'BR-CO-11', 'BR-CO-12', 'BR-CO-13', 'BR-CO-15', ...CATEGORIES.map(([, prefix]) => `${prefix}-01`)];

const CENT = new XDecimal('0.01');

/**
 * `xs:decimal(round(sum(amounts) * 100) div 100)`: the amounts summed as doubles and rounded to
 * cents as a double, whose exact value the cast keeps (127.6 is then a hair below 127.60, so a
 * difference of exactly the tolerance can fail, as in the Schematron).
 */
const cents = (amounts: readonly (string | undefined)[]): XDecimal => decOfDouble((roundDouble(sumDbl(amounts) * 100) ?? 0) / 100);

/** `abs(a - b) le 0.01 * count`, false when either side is absent. */
function within(a: XDecimal | undefined, b: XDecimal | undefined, count: number): boolean {
  return a !== undefined && b !== undefined && a.minus(b).abs().lte(CENT.times(new XDecimal(count)));
}

export function checkExtendedRules(inv: Invoice): Finding[] {
  const out: Finding[] = [];
  checkTotals(inv, out);
  checkBreakdownPresence(inv, out);
  checkGroupLines(inv, out);
  return out;
}

function checkTotals(inv: Invoice, out: Finding[]): void {
  const t = inv.totals;
  if (!t) return;
  const detail = summedLines(inv).map((l) => l.netAmount);
  const allowances = contextAllowanceCharges(inv, inv.allowanceCharges, false).map((ac) => ac.amount);
  // Logistics service charges are among the charges, as the EXTENDED reading gives them.
  const charges = contextAllowanceCharges(inv, inv.allowanceCharges, true).map((ac) => ac.amount);
  const counted = detail.length + allowances.length + charges.length;

  // BR-FXEXT-CO-10 counts every line, group and information lines too.
  assert(out, within(dec(t.lineTotal), cents(detail), inv.lines.length), 'BR-CO-10', 'BT-106', t.at, 'The sum of invoice line net amounts (BT-106) shall equal the sum of the detail lines’ net amounts (BT-131), within 0.01 per line (Factur-X EXTENDED, BR-FXEXT-CO-10).');
  const documentLevel = (total: string | undefined, amounts: readonly (string | undefined)[]) => (amounts.length === 0 && total === undefined) || within(dec(total), cents(amounts), amounts.length);
  assert(out, documentLevel(t.allowanceTotal, allowances), 'BR-CO-11', 'BT-107', t.at, 'The sum of allowances on document level (BT-107) shall equal the sum of the allowance amounts (BT-92), within 0.01 per allowance (Factur-X EXTENDED, BR-FXEXT-CO-11).');
  assert(out, documentLevel(t.chargeTotal, charges), 'BR-CO-12', 'BT-108', t.at, 'The sum of charges on document level (BT-108) shall equal the sum of the charge and logistics service amounts (BT-99, BT-X-272), within 0.01 per charge (Factur-X EXTENDED, BR-FXEXT-CO-12).');

  const expected = cents(detail).minus(cents(allowances)).plus(cents(charges));
  assert(out, within(dec(t.taxExclusive), expected, counted), 'BR-CO-13', 'BT-109', t.at, 'The invoice total without VAT (BT-109) shall equal the detail lines’ net amounts minus allowances plus charges, within 0.01 per line, allowance and charge (Factur-X EXTENDED, BR-FXEXT-CO-13).');

  const inCurrency = inv.currency === undefined ? [] : inv.taxTotals.filter((tt) => tt.currency === inv.currency);
  const exclusive = dec(t.taxExclusive);
  const vat = inCurrency.length === 1 ? dec(inCurrency[0]!.amount) : undefined;
  assert(out, within(dec(t.taxInclusive), vat && exclusive?.plus(vat), counted), 'BR-CO-15', 'BT-112', t.at, 'The invoice total with VAT (BT-112) shall equal the total without VAT (BT-109) plus the one total VAT amount in the invoice currency (BT-110), within 0.01 per line, allowance and charge (Factur-X EXTENDED, BR-FXEXT-CO-15).');

  const due = !bareAboveZero(t.payable) || inv.dueDate !== undefined || inv.paymentTerms !== undefined;
  assert(out, due, 'BR-CO-25', 'BT-9', inv.at, 'In case the amount due for payment (BT-115) is positive, either the payment due date (BT-9) or the payment terms (BT-20) shall be present.');
}

/**
 * BR-FXEXT-S-01 and the like: the codes as written, whatever the type code. Every line's
 * categories count: the Schematron's test of the sub-type looks under the line's settlement, where
 * it never is. Allowances and charges at any level, logistics service charges among them. The
 * category lists are gathered once per invoice (select.ts), for the nine categories.
 */
function checkBreakdownPresence(inv: Invoice, out: Finding[]): void {
  for (const [code, prefix] of CATEGORIES) {
    const inBreakdown = inv.vatBreakdown.some((b) => b.category.code === code);
    const used = lineCategories(inv).some((c) => c.code === code) || allowanceChargeCategories(inv).some((c) => c.code === code);
    assert(out, inBreakdown === used, `${prefix}-01`, 'BG-23', inv.at, `An invoice with a line, allowance, charge or logistics service charge in VAT category ${code} shall have a VAT breakdown (BG-23) in ${code}, and one with a breakdown in ${code} such a line, allowance or charge (Factur-X EXTENDED, BR-FXEXT-${prefix.slice(3)}-01).`);
  }
}

/**
 * BR-FXEXT-08: the amount of a GROUP line, when it has one, is the sum, rounded to cents, of its
 * DETAIL and GROUP lines' amounts (`ram:ParentLineID`, trimmed, is its `ram:LineID`), compared as
 * doubles: a line among them without an amount fails it.
 */
function checkGroupLines(inv: Invoice, out: Finding[]): void {
  for (const group of inv.lines) {
    if (group.subtype !== 'GROUP' || !hasText(group.netAmount)) continue;
    const id = normalizeSpace(group.id);
    const parts = inv.lines.filter((l) => normalizeSpace(l.parentId) === id && (l.subtype === 'DETAIL' || l.subtype === 'GROUP'));
    const sum = parts.reduce((total, l) => total + (dbl(normalizeSpace(l.netAmount)) ?? NaN), 0);
    assert(out, dbl(normalizeSpace(group.netAmount)) === Math.round(sum * 100) / 100, 'BR-FXEXT-08', 'BT-131', group.at, 'The net amount (BT-131) of a group line (sub-type GROUP) shall be the sum of the net amounts of the DETAIL and GROUP lines below it.');
  }
}
