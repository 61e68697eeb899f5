import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../tests/support/paths.ts';
import { readXmlTree } from '../../../platform/xsd/libxml2.ts';
import type { Invoice } from '../model.ts';
import { readCii } from './cii.ts';
import { readUbl, ublRoot } from './ubl.ts';

const sample = (path: string) => readFileSync(join(SAMPLES_DIR, 'en16931', path), 'utf8');
const ubl = (xml: string): Invoice => {
  const root = readXmlTree(xml).root!;
  return readUbl(root, ublRoot(root)!);
};
const cii = (xml: string): Invoice => readCii(readXmlTree(xml).root!);
/** Decimal strings compared as numbers: CII writes 19.9 where UBL writes 19.90. */
const n = (s: string | undefined) => (s === undefined ? undefined : Number(s));

describe('UBL and CII readers', () => {
  // The official examples 1 are the same invoice in both syntaxes.
  const fromUbl = ubl(sample('ubl/ubl-tc434-example1.xml'));
  const fromCii = cii(sample('cii/CII_example1.xml'));

  it('read the same invoice to the same terms', () => {
    for (const inv of [fromUbl, fromCii]) {
      expect(inv).toMatchObject({ number: '12115118', issueDate: '2015-01-09', typeCode: '380', currency: 'EUR' });
      expect(inv.seller?.name).toBe('De Koksmaat');
      expect(inv.seller?.address?.countryCode).toBe('NL');
      expect(inv.buyer?.name).toBe('ODIN 59');
      expect(inv.lines).toHaveLength(20);
    }
    expect(fromUbl.lines.map((l) => n(l.netAmount))).toEqual(fromCii.lines.map((l) => n(l.netAmount)));
    expect(fromUbl.vatBreakdown.map((b) => [b.category.code, n(b.category.rate), n(b.taxAmount)])).toEqual(
      fromCii.vatBreakdown.map((b) => [b.category.code, n(b.category.rate), n(b.taxAmount)]),
    );
    expect(n(fromUbl.totals?.payable)).toBe(n(fromCii.totals?.payable));
  });

  it('say where each group comes from', () => {
    expect(fromUbl.lines[1]?.at).toBe('/Invoice/cac:InvoiceLine[2]');
    expect(fromCii.vatBreakdown[0]?.at).toBe('/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax[1]');
  });

  it('match elements on namespace URIs, not on the prefixes a document chose', () => {
    const renamed = sample('ubl/ubl-tc434-example1.xml').replaceAll('cbc:', 'b:').replaceAll('xmlns:cbc=', 'xmlns:b=');
    expect(ubl(renamed)).toEqual(fromUbl);
  });

  it('read apart what UBL has outside the binding that the official rules still reach', () => {
    expect(fromUbl.elsewhere).toBeUndefined();
    const category = (element: string, code: string) => `<cac:${element}><cbc:ID>${code}</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:${element}>`;
    const lineExtras =
      `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">2.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">10.00</cbc:TaxableAmount>` +
      `<cbc:TaxAmount currencyID="EUR">2.00</cbc:TaxAmount>${category('TaxCategory', 'S')}</cac:TaxSubtotal></cac:TaxTotal>`;
    const subLine = `<cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">0</cbc:LineExtensionAmount>
      <cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5</cbc:Amount>${category('TaxCategory', 'E')}</cac:AllowanceCharge>
      <cac:Item><cbc:Name>Part</cbc:Name>${category('ClassifiedTaxCategory', 'Z')}</cac:Item></cac:SubInvoiceLine>`;
    const xml = sample('ubl/ubl-tc434-example1.xml')
      .replace(/(<cac:InvoiceLine>[\s\S]*?)(<cac:Item>)/, `$1${lineExtras}$2`)
      .replace(/(<cac:InvoiceLine>[\s\S]*?<\/cac:Price>)/, `$1${subLine}`);
    const inv = ubl(xml);
    // The binding's own groups are as before.
    expect(inv.vatBreakdown).toEqual(fromUbl.vatBreakdown);
    expect(inv.lines[0]?.taxCategories).toEqual(fromUbl.lines[0]?.taxCategories);
    expect(inv.elsewhere?.taxTotals).toEqual([{ at: '/Invoice/cac:InvoiceLine[1]/cac:TaxTotal', amount: '2.00', currency: 'EUR' }]);
    expect(inv.elsewhere?.vatBreakdown.map((b) => [b.at, b.category.code, b.taxableAmount])).toEqual([['/Invoice/cac:InvoiceLine[1]/cac:TaxTotal/cac:TaxSubtotal[1]', 'S', '10.00']]);
    expect(inv.elsewhere?.classifiedTaxCategories.map((c) => [c.at, c.code])).toEqual([['/Invoice/cac:InvoiceLine[1]/cac:SubInvoiceLine/cac:Item/cac:ClassifiedTaxCategory', 'Z']]);
    expect(inv.elsewhere?.allowanceCharges.map((ac) => [ac.at, ac.chargeIndicator, ac.taxCategories[0]?.code])).toEqual([
      ['/Invoice/cac:InvoiceLine[1]/cac:SubInvoiceLine/cac:AllowanceCharge', 'true', 'E'],
    ]);
  });

  it('read a CII date in format 102 as an ISO date, and another format as no date', () => {
    const doc = (format: string) =>
      `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
        xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
        xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
        <rsm:ExchangedDocument><ram:IssueDateTime><udt:DateTimeString format="${format}">20240131</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
      </rsm:CrossIndustryInvoice>`;
    expect(cii(doc('102')).issueDate).toBe('2024-01-31');
    expect(cii(doc('203')).issueDate).toBe('');
  });
});
