import { describe, expect, it } from 'vitest';
import { checkDocument } from '../en16931.ts';
import { readXmlTree } from '../../../platform/xsd/libxml2.ts';
import { checkCiiFragment, checkUblFragment, fired } from '../rules/testing.ts';

describe('UBL syntax rules', () => {
  it('UBL-DT-01 leaves out the price and the price discount amounts, which may have more decimals', () => {
    const line = `<cac:InvoiceLine><cbc:LineExtensionAmount currencyID="EUR">1.005</cbc:LineExtensionAmount>
      <cac:Price><cbc:PriceAmount currencyID="EUR">0.3333</cbc:PriceAmount>
        <cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">0.0001</cbc:Amount></cac:AllowanceCharge>
      </cac:Price></cac:InvoiceLine>`;
    expect(fired(checkUblFragment(line), 'UBL-DT-01')).toBe(1);
  });

  it('UBL-SR-47 counts distinct payment means codes', () => {
    const means = (code: string) => `<cac:PaymentMeans><cbc:PaymentMeansCode>${code}</cbc:PaymentMeansCode></cac:PaymentMeans>`;
    expect(fired(checkUblFragment(means('30') + means('30')), 'UBL-SR-47')).toBe(0);
    expect(fired(checkUblFragment(means('30') + means('58')), 'UBL-SR-47')).toBe(1);
  });

  it('UBL-SR-19 fails a payee without a name: its comparison with the seller name is then false', () => {
    expect(fired(checkUblFragment('<cac:PayeeParty><cac:PartyIdentification><cbc:ID>1</cbc:ID></cac:PartyIdentification></cac:PayeeParty>'), 'UBL-SR-19')).toBe(1);
  });
});

const settlement = (content: string) => `<ram:ApplicableHeaderTradeSettlement>${content}</ram:ApplicableHeaderTradeSettlement>`;

describe('CII syntax rules', () => {
  it('CII-DT-097 wants format 102 dates as YYYYMMDD', () => {
    const period = (date: string) => settlement(`<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">${date}</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>`);
    expect(fired(checkCiiFragment(period('20240229')), 'CII-DT-097')).toBe(0);
    expect(fired(checkCiiFragment(period('2024-02-29')), 'CII-DT-097')).toBe(1);
    expect(fired(checkCiiFragment(period('20241301')), 'CII-DT-097')).toBe(1);
  });

  it('CII-SR-470 wants an IBAN or a proprietary identifier for a credit transfer', () => {
    const means = (account: string) => settlement(`<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode> 58 </ram:TypeCode>${account}</ram:SpecifiedTradeSettlementPaymentMeans>`);
    expect(fired(checkCiiFragment(means('<ram:PayeePartyCreditorFinancialAccount><ram:ProprietaryID>1</ram:ProprietaryID></ram:PayeePartyCreditorFinancialAccount>')), 'CII-SR-470')).toBe(0);
    expect(fired(checkCiiFragment(means('<ram:PayeePartyCreditorFinancialAccount><ram:AccountName>x</ram:AccountName></ram:PayeePartyCreditorFinancialAccount>')), 'CII-SR-470')).toBe(1);
  });

  it('CII-SR-462 compares the VAT point date codes of breakdowns and lines', () => {
    const tax = (code: string) => `<ram:ApplicableTradeTax><ram:DueDateTypeCode>${code}</ram:DueDateTypeCode></ram:ApplicableTradeTax>`;
    const line = (code: string) => `<ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement>${tax(code)}</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>`;
    expect(fired(checkCiiFragment(line('5') + settlement(tax('5'))), 'CII-SR-462')).toBe(0);
    expect(fired(checkCiiFragment(line('29') + settlement(tax('5'))), 'CII-SR-462')).toBe(1);
  });

  it('never fires CII-DT-010: the general TypeCode context comes first and shadows it', () => {
    const doc = `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
      <rsm:ExchangedDocument><ram:TypeCode listID="1001" name="x">380</ram:TypeCode></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`;
    const { findings } = checkDocument(readXmlTree(doc).root, 'cii');
    expect(fired(findings, 'CII-DT-010')).toBe(0);
    expect(fired(findings, 'CII-DT-008')).toBe(1);
  });
});
