import { describe, expect, it } from 'vitest';
import { profileOf } from './profile.ts';

describe('profileOf: GuidelineSpecifiedDocumentContextParameter (BT-24) to profile and schema', () => {
  const context = (id: string) =>
    `<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>\n  <ram:ID>${id}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>`;
  it.each([
    ['urn:factur-x.eu:1p0:minimum', 'minimum', 'facturx-minimum'],
    ['urn:factur-x.eu:1p0:basicwl', 'basicwl', 'facturx-basicwl'],
    ['urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic', 'basic', 'facturx-basic'],
    [' urn:cen.eu:en16931:2017 ', 'en16931', 'facturx-en16931'],
    ['urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended', 'extended', 'facturx-extended'],
    ['urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended', 'extended', 'facturx-extended'],
    ['urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', 'xrechnung', 'cii-d16b'],
    ['urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basicwl', undefined, 'cii-d16b'],
  ])('%s', (id, profile, schema) => {
    expect(profileOf(context(id))).toEqual({ schema, guideline: id.trim(), ...(profile ? { profile } : {}) });
  });
});
