import { describe, expect, it } from 'vitest';
import { checkCiiFragment, checkUblFragment, ciiLine, fired, ublLine } from './testing.ts';

const ciiTotals = (lineTotal: string) => `
  <ram:ApplicableHeaderTradeSettlement>
    <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>${lineTotal}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>`;
const ublTotals = (lineTotal: string) =>
  `<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">${lineTotal}</cbc:LineExtensionAmount></cac:LegalMonetaryTotal>`;

describe('BR-CO-10: sum of line net amounts', () => {
  it('CII sums the lines as doubles: lines that cancel out give 0 (the official CII-BR-CO-10-RoundingIssue case)', () => {
    const lines = ['720.81', '0.01', '-720.81', '-0.01'].map((a) => ciiLine(a, 'S', '19')).join('');
    expect(fired(checkCiiFragment(lines + ciiTotals('0.00')), 'BR-CO-10')).toBe(0);
  });

  it('CII rounds the exact value of the double sum: 1.005 is 1.00499… and rounds to 1.00', () => {
    expect(fired(checkCiiFragment(ciiLine('1.005', 'S', '20') + ciiTotals('1.00')), 'BR-CO-10')).toBe(0);
    expect(fired(checkCiiFragment(ciiLine('1.005', 'S', '20') + ciiTotals('1.01')), 'BR-CO-10')).toBe(1);
  });

  it('UBL sums exact decimals: 1.005 rounds half up to 1.01', () => {
    expect(fired(checkUblFragment(ublTotals('1.01') + ublLine('1.005', 'S', '20')), 'BR-CO-10')).toBe(0);
    expect(fired(checkUblFragment(ublTotals('1.00') + ublLine('1.005', 'S', '20')), 'BR-CO-10')).toBe(1);
  });

  it('UBL adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(fired(checkUblFragment(ublTotals('0.30') + ublLine('0.1', 'S') + ublLine('0.2', 'S')), 'BR-CO-10')).toBe(0);
  });
});

const ublBreakdown = (taxable: string, tax: string, rate: string) => `
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${tax}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">${taxable}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${tax}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>`;
const ciiBreakdown = (taxable: string, tax: string, rate: string) => `
  <ram:ApplicableHeaderTradeSettlement>
    <ram:ApplicableTradeTax><ram:CalculatedAmount>${tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
      <ram:BasisAmount>${taxable}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
  </ram:ApplicableHeaderTradeSettlement>`;

describe('BR-CO-17: breakdown tax amount = taxable amount × rate, rounded to two decimals', () => {
  it('rounds the product half up to cents: 10.25 × 5 % = 0.5125 → 0.51', () => {
    expect(fired(checkUblFragment(ublBreakdown('10.25', '0.51', '5')), 'BR-CO-17')).toBe(0);
    expect(fired(checkCiiFragment(ciiBreakdown('10.25', '0.51', '5')), 'BR-CO-17')).toBe(0);
  });

  it('accepts up to one unit of difference, strictly in UBL, inclusively in CII', () => {
    // 100 × 20 % = 20.00; a tax amount of 21.00 is one unit away.
    expect(fired(checkUblFragment(ublBreakdown('100', '21.00', '20')), 'BR-CO-17')).toBe(1);
    expect(fired(checkCiiFragment(ciiBreakdown('100', '21.00', '20')), 'BR-CO-17')).toBe(0);
    expect(fired(checkUblFragment(ublBreakdown('100', '20.99', '20')), 'BR-CO-17')).toBe(0);
    expect(fired(checkCiiFragment(ciiBreakdown('100', '21.01', '20')), 'BR-CO-17')).toBe(1);
  });

  it('asks a zero rate for a zero tax amount, rounded to units', () => {
    expect(fired(checkUblFragment(ublBreakdown('100', '0.49', '0')), 'BR-CO-17')).toBe(0);
    expect(fired(checkUblFragment(ublBreakdown('100', '0.50', '0')), 'BR-CO-17')).toBe(1);
  });
});
