/**
 * Fragments to documents, for the rule tests: the official rule tests are fragments too (an
 * invoice with only the elements a rule looks at), and so are these.
 */
import type { Finding } from '../../finding.ts';
import { readXmlTree } from '../../../platform/xsd/libxml2.ts';
import { checkDocument } from '../en16931.ts';
import type { CiiReading } from '../syntax/cii.ts';

/** A UBL Invoice around `body` (cac/cbc elements), checked. */
export function checkUblFragment(body: string): Finding[] {
  return checkDocument(
    readXmlTree(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
      xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
      xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">${body}</Invoice>`).root,
    'ubl',
  ).findings;
}

/** A CII CrossIndustryInvoice around `transaction` (the SupplyChainTradeTransaction content), checked. */
export const checkCiiFragment = (transaction: string, reading?: CiiReading): Finding[] => ciiFragment(transaction, reading).findings;

/** The same, read and checked: the model and the findings. */
export function ciiFragment(transaction: string, reading?: CiiReading): ReturnType<typeof checkDocument> {
  return checkDocument(
    readXmlTree(`<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
      xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
      <rsm:SupplyChainTradeTransaction>${transaction}</rsm:SupplyChainTradeTransaction>
    </rsm:CrossIndustryInvoice>`).root,
    'cii',
    reading,
  );
}

/** How many times `rule` fired. */
export const fired = (findings: readonly Finding[], rule: string): number => findings.filter((f) => f.rule === rule).length;

/** A CII line with a net amount in a VAT category. */
export const ciiLine = (amount: string, category: string, rate?: string): string => `
  <ram:IncludedSupplyChainTradeLineItem>
    <ram:SpecifiedLineTradeSettlement>
      <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category}</ram:CategoryCode>${
        rate === undefined ? '' : `<ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent>`
      }</ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
    </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>`;

/** A UBL invoice line with a net amount in a VAT category. */
export const ublLine = (amount: string, category: string, rate?: string): string => `
  <cac:InvoiceLine>
    <cbc:LineExtensionAmount currencyID="EUR">${amount}</cbc:LineExtensionAmount>
    <cac:Item><cac:ClassifiedTaxCategory><cbc:ID>${category}</cbc:ID>${
      rate === undefined ? '' : `<cbc:Percent>${rate}</cbc:Percent>`
    }<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
  </cac:InvoiceLine>`;
