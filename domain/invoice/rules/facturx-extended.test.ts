import { describe, expect, it } from 'vitest';
import { checkExtendedRules } from './facturx-extended.ts';
import { checkCiiFragment, ciiFragment, ciiLine, fired } from './testing.ts';

/** A line of sub-type `subtype` (BT-X-8), under `parent` when given. */
const subLine = (id: string, subtype: string, amount: string, parent?: string) =>
  ciiLine(amount, 'S', '19').replace(
    '<ram:IncludedSupplyChainTradeLineItem>',
    `<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>${id}</ram:LineID>${
      parent ? `<ram:ParentLineID>${parent}</ram:ParentLineID>` : ''
    }<ram:LineStatusReasonCode>${subtype}</ram:LineStatusReasonCode></ram:AssociatedDocumentLineDocument>`,
  );

const settlement = (lineTotal: string, chargeTotal: string | undefined, basis: string, extra = '') => `
  <ram:ApplicableHeaderTradeSettlement>
    ${extra}
    <ram:ApplicableTradeTax><ram:CalculatedAmount>0</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${basis}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
    <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
      <ram:LineTotalAmount>${lineTotal}</ram:LineTotalAmount>${chargeTotal === undefined ? '' : `<ram:ChargeTotalAmount>${chargeTotal}</ram:ChargeTotalAmount>`}
    </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>`;

const logistics = (amount: string) => `
  <ram:SpecifiedLogisticsServiceCharge>
    <ram:Description>Transport</ram:Description>
    <ram:AppliedAmount>${amount}</ram:AppliedAmount>
    <ram:AppliedTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:AppliedTradeTax>
  </ram:SpecifiedLogisticsServiceCharge>`;

describe('Factur-X EXTENDED reading (the Factur-X EXTENDED Schematron sums)', () => {
  // A group of two detail lines, and an information line: the group repeats its details' 1,050.00.
  const lines = subLine('01', 'GROUP', '1050.00') + subLine('0101', 'DETAIL', '600.00', '01') + subLine('0102', 'DETAIL', '450.00', '01') + subLine('02', 'INFORMATION', '99.00');

  it('sums only the detail lines, and lines without a sub-type, into BT-106 and the category taxable amount', () => {
    const doc = lines + ciiLine('10.00', 'S', '19') + settlement('1060.00', undefined, '1060.00');
    const extended = checkCiiFragment(doc, 'facturx-extended');
    expect([fired(extended, 'BR-CO-10'), fired(extended, 'BR-S-08')]).toEqual([0, 0]);
    // EN 16931 knows no sub-types: every line counts, and both sums differ.
    const plain = checkCiiFragment(doc, 'en16931');
    expect([fired(plain, 'BR-CO-10'), fired(plain, 'BR-S-08')]).toEqual([1, 1]);
  });

  it('still finds a detail line missing from the sums', () => {
    const extended = checkCiiFragment(lines + settlement('600.00', undefined, '600.00'), 'facturx-extended');
    expect([fired(extended, 'BR-CO-10'), fired(extended, 'BR-S-08')]).toEqual([1, 1]);
  });

  it('counts a logistics service charge as a document level charge, in BT-108 and its category', () => {
    const doc = ciiLine('100.00', 'S', '19') + settlement('100.00', '3.00', '103.00', logistics('3.00'));
    const extended = checkCiiFragment(doc, 'facturx-extended');
    expect([fired(extended, 'BR-CO-12'), fired(extended, 'BR-S-08')]).toEqual([0, 0]);
    const plain = checkCiiFragment(doc, 'en16931');
    expect([fired(plain, 'BR-CO-12'), fired(plain, 'BR-S-08')]).toEqual([1, 1]);
    // A charge total that leaves it out is wrong in EXTENDED.
    expect(fired(checkCiiFragment(ciiLine('100.00', 'S', '19') + settlement('100.00', undefined, '103.00', logistics('3.00')), 'facturx-extended'), 'BR-CO-12')).toBe(1);
  });
});

describe("Factur-X EXTENDED's own rules", () => {
  const extendedRules = (transaction: string) => checkExtendedRules(ciiFragment(transaction, 'facturx-extended').invoice);
  const grouped = (groupAmount: string, detail: string) =>
    subLine('01', 'GROUP', groupAmount) + subLine('0101', 'DETAIL', '600.00', '01') + subLine('0102', 'DETAIL', detail, '01') + settlement('1050.00', undefined, '1050.00');

  it("holds a group line's amount to the sum of its lines (BR-FXEXT-08)", () => {
    expect(fired(extendedRules(grouped('1050.00', '450.00')), 'BR-FXEXT-08')).toBe(0);
    expect(fired(extendedRules(grouped('1050.00', '450.01')), 'BR-FXEXT-08')).toBe(1);
    // A group line without an amount is not held to it.
    expect(fired(extendedRules(grouped('', '450.01')), 'BR-FXEXT-08')).toBe(0);
  });

  it('asks a VAT category used somewhere for a breakdown, and a breakdown for a use, in any number (BR-FXEXT-S-01)', () => {
    const breakdown = (code: string) =>
      `<ram:ApplicableTradeTax><ram:CalculatedAmount>0</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>0</ram:BasisAmount><ram:CategoryCode>${code}</ram:CategoryCode></ram:ApplicableTradeTax>`;
    // Two breakdowns in S pass; a line in Z without a breakdown in Z does not.
    const twice = ciiLine('10.00', 'S', '19') + settlement('10.00', undefined, '10.00', breakdown('S'));
    expect(fired(extendedRules(twice), 'BR-S-01')).toBe(0);
    const noZ = ciiLine('10.00', 'S', '19') + ciiLine('5.00', 'Z', '0') + settlement('15.00', undefined, '10.00');
    expect([fired(extendedRules(noZ), 'BR-Z-01'), fired(extendedRules(noZ), 'BR-S-01')]).toEqual([1, 0]);
  });
});
