/**
 * The VAT category families run only on invoices that have their code somewhere (index.ts):
 * each still fires with its code in one place only, wherever that place is.
 */
import { describe, expect, it } from 'vitest';
import { checkCiiFragment, checkUblFragment, ciiLine, ublLine } from './testing.ts';

/** Each family's code and the prefix of its rules. */
const FAMILIES = [
  ['S', 'BR-S-'],
  ['Z', 'BR-Z-'],
  ['E', 'BR-E-'],
  ['AE', 'BR-AE-'],
  ['K', 'BR-IC-'],
  ['G', 'BR-G-'],
  ['O', 'BR-O-'],
  ['L', 'BR-AF-'],
  ['M', 'BR-AG-'],
  ['B', 'BR-B-'],
] as const;

// A German seller: split payment (B) is for Italian invoices only.
const UBL_SELLER =
  '<cac:AccountingSupplierParty><cac:Party><cac:PostalAddress><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress></cac:Party></cac:AccountingSupplierParty>';
const ublCategory = (code: string) => `<cac:TaxCategory><cbc:ID>${code}</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>`;
const UBL: Record<string, (code: string) => string> = {
  'a line': (code) => ublLine('100.00', code),
  'a line, the code spaced': (code) => ublLine('100.00', ` ${code} `),
  'a document level allowance': (code) =>
    `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">10.00</cbc:Amount>${ublCategory(code)}</cac:AllowanceCharge>`,
  'a breakdown': (code) =>
    `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>${ublCategory(code)}</cac:TaxSubtotal></cac:TaxTotal>`,
};

const CII_SELLER =
  '<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>';
const ciiTax = (code: string) => `<ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${code}</ram:CategoryCode>`;
const CII: Record<string, (code: string) => string> = {
  'a line': (code) => ciiLine('100.00', code),
  'a document level charge': (code) =>
    `<ram:ApplicableHeaderTradeSettlement><ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>10.00</ram:ActualAmount><ram:CategoryTradeTax>${ciiTax(code)}</ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge></ram:ApplicableHeaderTradeSettlement>`,
  'a breakdown': (code) =>
    `<ram:ApplicableHeaderTradeSettlement><ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>${code}</ram:CategoryCode></ram:ApplicableTradeTax></ram:ApplicableHeaderTradeSettlement>`,
};

/** Placements where a family's rules hold by their own wording, gated or not. */
const HOLDS: Record<string, string> = {
  'UBL B a line, the code spaced': 'BR-B compares codes as written',
  'CII O a line': 'CII BR-O-01 asks for a breakdown in O only of an invoice that has one',
  'CII O a document level charge': 'the same',
  'CII L a breakdown': 'CII rules 08 and 09 of L and M read their amounts one level too high, and pass',
  'CII M a breakdown': 'the same',
};

const prefixes = (findings: readonly { rule: string }[]) => new Set(findings.map((f) => f.rule.replace(/\d+$/, '')));

describe('VAT category families, run only where their code is', () => {
  const cases = (syntax: 'UBL' | 'CII', places: Record<string, (code: string) => string>) =>
    Object.entries(places).flatMap(([place, fragment]) =>
      FAMILIES.filter(([code]) => HOLDS[`${syntax} ${code} ${place}`] === undefined).map(([code, prefix]) => [code, place, prefix, fragment(code)] as const),
    );
  it.each(cases('UBL', UBL))('UBL: %s in %s alone still raises its rules', (_, __, prefix, fragment) => {
    expect(prefixes(checkUblFragment(UBL_SELLER + fragment))).toContain(prefix);
  });
  it.each(cases('CII', CII))('CII: %s in %s alone still raises its rules', (_, __, prefix, fragment) => {
    expect(prefixes(checkCiiFragment(CII_SELLER + fragment))).toContain(prefix);
  });

  it('raises no rule of a family whose code the invoice has nowhere', () => {
    const found = prefixes([...checkUblFragment(UBL_SELLER + ublLine('100.00', 'S')), ...checkCiiFragment(CII_SELLER + ciiLine('100.00', 'S'))]);
    for (const [code, prefix] of FAMILIES) if (code !== 'S') expect(found, code).not.toContain(prefix);
  });
});
