import { describe, expect, it } from 'vitest';
import { checkCiiFragment, ciiLine, fired } from './testing.ts';

const charge = (amount: string) => `
  <ram:SpecifiedTradeAllowanceCharge>
    <ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator>
    <ram:ActualAmount>${amount}</ram:ActualAmount>
    <ram:Reason>Versicherungssteuer</ram:Reason>
    <ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>O</ram:CategoryCode></ram:CategoryTradeTax>
  </ram:SpecifiedTradeAllowanceCharge>`;

/** The official XRechnung-O example in short: two lines and two charges not subject to VAT, one O breakdown. */
const xrechnungO = (basis: string) =>
  ciiLine('83654.15', 'O') +
  ciiLine('252646.80', 'O') +
  `<ram:ApplicableHeaderTradeSettlement>
    <ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
      <ram:ExemptionReason>Not subject to VAT</ram:ExemptionReason><ram:BasisAmount>${basis}</ram:BasisAmount><ram:CategoryCode>O</ram:CategoryCode></ram:ApplicableTradeTax>
    ${charge('15894.27')}${charge('33349.38')}
  </ram:ApplicableHeaderTradeSettlement>`;

describe('BR-O-08: taxable amount of a breakdown not subject to VAT (CII)', () => {
  it('rounds and adds the line and charge sums as exact decimals: 336300.95 + 49243.65 = 385544.60', () => {
    // The same computation in doubles ends one ulp off, and a double-based engine fires.
    const cents = (x: number) => Math.round(x * 10 * 10) / 100;
    expect(cents(83654.15 + 252646.8) + cents(15894.27 + 33349.38)).not.toBe(385544.6);
    expect(fired(checkCiiFragment(xrechnungO('385544.60')), 'BR-O-08')).toBe(0);
  });

  it('fires when the taxable amount is off by a cent', () => {
    expect(fired(checkCiiFragment(xrechnungO('385544.61')), 'BR-O-08')).toBe(1);
  });
});
