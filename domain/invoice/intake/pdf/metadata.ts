/**
 * What a PDF's XMP metadata (the catalog's /Metadata stream) declares of a Factur-X invoice.
 * Factur-X 1.0 (and ZUGFeRD 2) declare there the profile of the invoice (`fx:ConformanceLevel`)
 * and the name of the file that holds it (`fx:DocumentFileName`); PDF/A declares its part and
 * conformance level (`pdfaid:part`, `pdfaid:conformance`), 3 and A, B or U for Factur-X. Read
 * as written, by the prefixes the XMP binds to each namespace, in element or attribute form.
 */
import type { PdfDocument } from './document.ts';
import { isDict, isStream } from './objects.ts';

export interface FacturxXmp {
  conformanceLevel?: string;
  documentFileName?: string;
}

export interface PdfaXmp {
  part?: string;
  conformance?: string;
}

/** XMP metadata is a few kilobytes; far more is not worth reading for a few properties. */
const MAX_XMP_BYTES = 1024 * 1024;

const FACTURX_NAMESPACE = /xmlns:([\w.-]+)\s*=\s*["']urn:(?:factur-x|zugferd):pdfa:CrossIndustryDocument:invoice:[^"']*["']/g;
const PDFA_ID_NAMESPACE = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/www\.aiim\.org\/pdfa\/ns\/id\/["']/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** The catalog's XMP metadata as text, or undefined when there is none. */
export function xmpOf(doc: PdfDocument): string | undefined {
  const catalog = doc.get(doc.trailer, 'Root');
  const metadata = isDict(catalog) ? doc.get(catalog, 'Metadata') : null;
  if (!isStream(metadata)) return undefined;
  return Buffer.from(doc.decode(metadata, 'the XMP metadata', MAX_XMP_BYTES, 'PDF-MALFORMED')).toString('utf8');
}

/** The properties `names` of `xmp` in the namespace `namespace` finds the prefixes of, each absent when not written. */
function properties<K extends string>(xmp: string, namespace: RegExp, names: readonly K[]): Partial<Record<K, string>> {
  const prefixes = [...xmp.matchAll(namespace)].map((m) => escape(m[1]!));
  const out: Partial<Record<K, string>> = {};
  if (prefixes.length === 0) return out;
  for (const name of names) {
    const qname = `(?:${prefixes.join('|')}):${name}`;
    const found = new RegExp(`<${qname}>([^<]*)<|\\s${qname}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xmp);
    const value = found?.slice(1).find((v) => v !== undefined)?.trim();
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The Factur-X properties of `xmp`, each absent when not written. */
export function facturxProperties(xmp: string): FacturxXmp {
  const { ConformanceLevel: conformanceLevel, DocumentFileName: documentFileName } = properties(xmp, FACTURX_NAMESPACE, ['ConformanceLevel', 'DocumentFileName']);
  return { ...(conformanceLevel === undefined ? {} : { conformanceLevel }), ...(documentFileName === undefined ? {} : { documentFileName }) };
}

/** The PDF/A identification of `xmp`, each property absent when not written. */
export const pdfaIdentification = (xmp: string): PdfaXmp => properties(xmp, PDFA_ID_NAMESPACE, ['part', 'conformance']);
