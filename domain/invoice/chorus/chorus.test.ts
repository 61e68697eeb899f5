import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../tests/support/paths.ts';
import { BuyerSettings, ChorusFacts, documentKindOf } from './facts.ts';
import { chorusFindings } from './rules.ts';
import { siretProblem } from '../../identifiers/siret.ts';

const BUYER = BuyerSettings.parse({
  siret: '21690123100011',
  name: 'Commune de Saint-Genis-les-Ollières',
  idPost: '069018',
  codCol: '123',
  codBud: '01',
  nomenclature: 'M57',
  requiresServiceCode: true,
  requiresEngagement: true,
});
const FACTS = ChorusFacts.parse({
  documentKind: 'invoice',
  syntax: 'ubl',
  buyerId: '21690123100011',
  buyerIdScheme: '0009',
  sellerId: '73282932000074',
  sellerIdScheme: '0009',
  sellerCountry: 'FR',
  buyerReference: 'SERV-TECH',
  orderReference: 'EJ-2026-0042',
  businessProcess: 'A1',
});
/** The facts above with some changed, for BUYER unless another buyer (or none: undefined) is given. */
const check = (facts: Partial<ChorusFacts>, ...buyer: [BuyerSettings | undefined] | []) => chorusFindings({ ...FACTS, ...facts }, buyer.length ? buyer[0] : BUYER);
const rules = (facts: Partial<ChorusFacts>, ...buyer: [BuyerSettings | undefined] | []) => check(facts, ...buyer).map((f) => `${f.rule} ${f.severity}`);

describe('SIRET keys', () => {
  it('accepts SIRETs whose SIREN and whole number pass Luhn', () => {
    for (const s of ['21690123100011', '73282932000074', '21310555400017']) expect(siretProblem(s), s).toBeUndefined();
  });

  it('names what is wrong: length, the SIREN key, the NIC key', () => {
    expect(siretProblem('2169012310001')).toContain('14 digits');
    expect(siretProblem('73282932100072')).toContain('SIREN 732829321');
    expect(siretProblem('73282932000075')).toContain('NIC 00075');
  });

  it("applies La Poste's rule to SIREN 356000000: digit sum a multiple of 5 (the head office also passes Luhn)", () => {
    expect(siretProblem('35600000000048')).toBeUndefined();
    expect(siretProblem('35600000012346')).toBeUndefined();
    expect(siretProblem('35600000012345')).toContain('multiple of 5');
  });

  it('catches every single mistyped digit of a valid SIRET', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (at, delta) => {
        const valid = '21690123100011';
        const typo = valid.slice(0, at) + String((Number(valid[at]) + delta) % 10) + valid.slice(at + 1);
        expect(siretProblem(typo)).toBeDefined();
      }),
    );
  });
});

describe('Chorus Pro rules', () => {
  it('finds nothing to say about a complete invoice to a known, active buyer', () => {
    expect(check({})).toEqual([]);
    expect(check({ buyerId: '216 901 231 00011', businessProcess: 'A25' })).toEqual([]);
  });

  it('requires the buyer SIRET, with its keys, and reports no unknown buyer on top of a bad SIRET', () => {
    expect(rules({ buyerId: undefined }, undefined)).toEqual(['FR-BUYER-SIRET fatal']);
    expect(rules({ buyerId: '21690123100012' }, undefined)).toEqual(['FR-BUYER-SIRET fatal']);
    expect(check({ buyerId: 'FR12345678901' })[0]).toMatchObject({ rule: 'FR-BUYER-SIRET', term: 'BT-46', location: '/Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID' });
    expect(rules({ buyerIdScheme: '0002' })).toEqual(['FR-BUYER-SCHEME warning']);
  });

  it('requires the buyer to be in the directory, and active', () => {
    expect(rules({}, undefined)).toEqual(['FR-BUYER-UNKNOWN fatal']);
    expect(rules({}, { ...BUYER, active: false })).toEqual(['FR-BUYER-INACTIVE fatal']);
  });

  it('requires the code service (BT-10) and the engagement (BT-13) when the buyer does', () => {
    const [service, engagement] = check({ buyerReference: ' ', orderReference: undefined, syntax: 'cii' });
    expect(service).toMatchObject({ rule: 'FR-SERVICE-CODE', term: 'BT-10', location: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference' });
    expect(service?.message).toContain('Commune de Saint-Genis-les-Ollières');
    expect(engagement).toMatchObject({ rule: 'FR-ENGAGEMENT', term: 'BT-13' });
    expect(rules({ buyerReference: undefined, orderReference: undefined }, { ...BUYER, requiresServiceCode: false, requiresEngagement: false })).toEqual([]);
  });

  it("checks a French supplier's SIRET keys, not a foreign supplier's identifier", () => {
    expect(rules({ sellerId: '73282932000075' })).toEqual(['FR-SELLER-SIRET fatal']);
    expect(rules({ sellerId: '73282932000075', sellerIdScheme: undefined })).toEqual(['FR-SELLER-SIRET fatal']);
    expect(rules({ sellerId: 'DE123456789', sellerIdScheme: undefined, sellerCountry: 'DE' })).toEqual([]);
    expect(rules({ sellerId: '12345678901234', sellerIdScheme: '0088', sellerCountry: 'BE' })).toEqual([]);
  });

  it('takes a cadre de facturation A1 … A25, assumes A1 when there is none or a Peppol process is there, refuses others', () => {
    expect(rules({ businessProcess: undefined })).toEqual(['FR-CADRE warning']);
    expect(rules({ businessProcess: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0' })).toEqual(['FR-CADRE warning']);
    for (const code of ['A26', 'A0', 'B1', 'a1']) expect(rules({ businessProcess: code }), code).toEqual(['FR-CADRE fatal']);
  });

  it('requires a credit note to name the invoice it corrects (BT-25)', () => {
    expect(check({ documentKind: 'creditnote', precedingInvoices: [] })).toMatchObject([
      { rule: 'FR-CREDIT-NOTE-REF', term: 'BT-25', location: '/CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID' },
    ]);
    expect(rules({ documentKind: 'creditnote', precedingInvoices: ['F-2026-001'] })).toEqual([]);
    expect(documentKindOf('CreditNote', undefined)).toBe('creditnote');
    expect(documentKindOf('CrossIndustryInvoice', '381')).toBe('creditnote');
    expect(documentKindOf('Invoice', '380')).toBe('invoice');
  });

  it('names the business term when the syntax is not known', () => {
    expect(check({ syntax: undefined, buyerReference: undefined })[0]?.location).toBe('BT-10 (buyer reference)');
  });
});

describe('BuyerSettings', () => {
  it("reads the project's directory fixture, active unless it says otherwise", () => {
    const buyers = JSON.parse(readFileSync(join(ROOT, 'fixtures/directory/buyers.json'), 'utf8')) as unknown[];
    expect(buyers.map((b) => BuyerSettings.parse(b).active)).toEqual(buyers.map(() => true));
  });

  it('holds the Hélios coordinates to DGFiP types', () => {
    expect(BuyerSettings.safeParse({ ...BUYER, codCol: '000' }).success).toBe(false);
    expect(BuyerSettings.safeParse({ ...BUYER, idPost: '31007' }).success).toBe(false);
    expect(BuyerSettings.safeParse({ ...BUYER, nomenclature: 'M52' }).success).toBe(true);
  });
});
