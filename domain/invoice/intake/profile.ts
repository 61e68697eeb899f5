/**
 * The Factur-X / ZUGFeRD profile a CII document declares (BT-24), which decides its schema: Factur-X
 * 1.09 has one per profile.
 */
import type { SchemaName } from '../../xml/xsd.ts';
import type { FacturxProfile } from './result.ts';

/** GuidelineSpecifiedDocumentContextParameter/ID (BT-24) → profile and its schema. */
const PROFILES: { pattern: RegExp; profile: FacturxProfile; schema: SchemaName }[] = [
  { pattern: /^urn:factur-x\.eu:1p0:minimum$/, profile: 'minimum', schema: 'facturx-minimum' },
  { pattern: /^urn:factur-x\.eu:1p0:basicwl$/, profile: 'basicwl', schema: 'facturx-basicwl' },
  { pattern: /(^|#)urn:factur-x\.eu:1p0:basic$/, profile: 'basic', schema: 'facturx-basic' },
  { pattern: /^urn:cen\.eu:en16931:2017(#compliant#urn:factur-x\.eu:1p0:en16931)?$/, profile: 'en16931', schema: 'facturx-en16931' },
  { pattern: /(^|#)urn:factur-x\.eu:1p0:extended$/, profile: 'extended', schema: 'facturx-extended' },
  { pattern: /^urn:cen\.eu:en16931:2017#conformant#urn:zugferd\.de:2p0:extended$/, profile: 'extended', schema: 'facturx-extended' },
  { pattern: /#urn:xeinkauf\.de:kosit:xrechnung_\d/, profile: 'xrechnung', schema: 'cii-d16b' },
];

const GUIDELINE = /<(?:[\w.-]+:)?GuidelineSpecifiedDocumentContextParameter\b[^>]*>\s*<(?:[\w.-]+:)?ID\b[^>]*>([^<]*)</;

export function profileOf(xml: string): { profile?: FacturxProfile; schema: SchemaName; guideline?: string } {
  const guideline = GUIDELINE.exec(xml)?.[1]?.trim();
  const known = guideline === undefined ? undefined : PROFILES.find((p) => p.pattern.test(guideline));
  return known ? { profile: known.profile, schema: known.schema, guideline } : { schema: 'cii-d16b', ...(guideline === undefined ? {} : { guideline }) };
}

/** The profiles without lines: their XML only summarises the PDF, which is the invoice. */
export type ProfileWithoutLines = Extract<FacturxProfile, 'minimum' | 'basicwl'>;
export const withoutLines = (profile: FacturxProfile | undefined): profile is ProfileWithoutLines => profile === 'minimum' || profile === 'basicwl';
