/** Core rules on invoice lines: BR-21…28, BR-54, BR-64, BR-65, BR-CO-04. */
import type { Finding } from '../../finding.ts';
import type { Invoice, ItemAttribute, ItemClassification, Line } from '../model.ts';
import { assert } from './report.ts';
import { isDetailLine, isVat } from './select.ts';
import { bareAtLeastZero, hasText } from './xpath.ts';

export function checkLineRules(inv: Invoice, out: Finding[]): void {
  for (const line of inv.lines) checkLine(inv, line, out);
  // UBL `//cac:AdditionalItemProperty`: a sub-line's item's attributes too.
  for (const a of inv.elsewhere?.itemAttributes ?? []) checkItemAttribute(a, out);
  // CII `//ram:DesignatedProductClassification`: a sub-line's product's too.
  for (const c of inv.elsewhere?.itemClassifications ?? []) checkClassification(inv.syntax === 'ubl', c, out);
}

function checkLine(inv: Invoice, line: Line, out: Finding[]): void {
  const at = line.at;
  const ubl = inv.syntax === 'ubl';
  assert(out, hasText(line.id), 'BR-21', 'BT-126', at, 'Each invoice line (BG-25) shall have a line identifier (BT-126).');
  // Factur-X EXTENDED asks these of detail lines only (BR-FXEXT-BR-22, -23, -24, -26, -CO-04): a
  // group or information line may go without quantity, amount, price or VAT category.
  const detail = isDetailLine(line);
  assert(out, !detail || line.quantity !== undefined, 'BR-22', 'BT-129', at, 'Each invoice line (BG-25) shall have an invoiced quantity (BT-129).');
  assert(out, !detail || line.unitCode !== undefined, 'BR-23', 'BT-130', at, 'Each invoice line (BG-25) shall have a unit of measure code (BT-130).');
  assert(out, !detail || line.netAmount !== undefined, 'BR-24', 'BT-131', at, 'Each invoice line (BG-25) shall have a line net amount (BT-131).');
  assert(out, hasText(line.item?.name), 'BR-25', 'BT-153', at, 'Each invoice line (BG-25) shall contain the item name (BT-153).');
  const net = line.price?.netAmount;
  assert(out, !detail || net !== undefined, 'BR-26', 'BT-146', at, 'Each invoice line (BG-25) shall contain the item net price (BT-146).');
  // Compared as numbers (compareBare: "-0.00" is below 0), an absent price fails too.
  assert(out, bareAtLeastZero(net), 'BR-27', 'BT-146', at, 'The item net price (BT-146) shall not be negative.');
  const gross = line.price?.grossAmount;
  assert(out, gross === undefined || bareAtLeastZero(gross), 'BR-28', 'BT-148', at, 'The item gross price (BT-148) shall not be negative.');
  assert(
    out,
    !detail || line.taxCategories.some((c) => isVat(inv, c) && c.code !== undefined),
    'BR-CO-04',
    'BT-151',
    at,
    'Each invoice line (BG-25) shall be categorised with an invoiced item VAT category code (BT-151).',
  );

  const item = line.item;
  if (!item) return;
  const standard = item.standardId;
  const standardMessage = 'The item standard identifier (BT-157) shall have a scheme identifier.';
  if (ubl) {
    if (standard) assert(out, standard.scheme !== undefined, 'BR-64', 'BT-157', standard.at, standardMessage);
  } else {
    assert(out, standard === undefined || hasText(standard.scheme), 'BR-64', 'BT-157', at, standardMessage);
  }
  for (const c of item.classifications) checkClassification(ubl, c, out);
  for (const a of item.attributes) checkItemAttribute(a, out);
}

function checkClassification(ubl: boolean, c: ItemClassification, out: Finding[]): void {
  const ok = ubl ? c.listId !== undefined : hasText(c.listId) || c.code === undefined;
  assert(out, ok, 'BR-65', 'BT-158', c.at, 'The item classification identifier (BT-158) shall have a scheme identifier.');
}

function checkItemAttribute(a: ItemAttribute, out: Finding[]): void {
  assert(out, a.name !== undefined && a.value !== undefined, 'BR-54', 'BG-32', a.at, 'Each item attribute (BG-32) shall have a name (BT-160) and a value (BT-161).');
}
