import { describe, expect, it } from 'vitest';
import { checkCiiFragment, checkUblFragment, fired } from './testing.ts';

const ublTotals = (payable: string) => `<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">${payable}</cbc:PayableAmount></cac:LegalMonetaryTotal>`;
const ciiTaxTotal = (amount: string) => `
  <ram:ApplicableHeaderTradeSettlement>
    <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
    <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxTotalAmount currencyID="EUR">${amount}</ram:TaxTotalAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>`;

describe('BR-DEC: at most two decimals', () => {
  it('counts the characters after the dot as written', () => {
    expect(fired(checkUblFragment(ublTotals('10.00')), 'BR-DEC-18')).toBe(0);
    expect(fired(checkUblFragment(ublTotals('10.000')), 'BR-DEC-18')).toBe(1);
    expect(fired(checkUblFragment(ublTotals('10')), 'BR-DEC-18')).toBe(0);
  });

  it('also reports a third decimal in UBL as UBL-DT-01, on every amount', () => {
    expect(fired(checkUblFragment(ublTotals('10.000')), 'UBL-DT-01')).toBe(1);
  });

  it('never fires BR-DEC-13 in UBL: its path selects no VAT total', () => {
    const total = '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cac:TaxTotal><cbc:TaxAmount currencyID="EUR">1.234</cbc:TaxAmount></cac:TaxTotal>';
    expect(fired(checkUblFragment(total + ublTotals('1.00')), 'BR-DEC-13')).toBe(0);
  });

  it('checks the CII VAT total in doubles: 1.1 is two decimals, 1.005 is not', () => {
    expect(fired(checkCiiFragment(ciiTaxTotal('1.1')), 'BR-DEC-13')).toBe(0);
    expect(fired(checkCiiFragment(ciiTaxTotal('1.005')), 'BR-DEC-13')).toBe(1);
  });
});
