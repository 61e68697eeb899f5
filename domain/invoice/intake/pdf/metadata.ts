/**
 * The Factur-X properties of a PDF's XMP metadata (the catalog's /Metadata stream): Factur-X 1.0
 * (and ZUGFeRD 2) declare there the profile of the invoice (`fx:ConformanceLevel`) and the name
 * of the file that holds it (`fx:DocumentFileName`). Read as written, by the prefixes the XMP
 * binds to the Factur-X or ZUGFeRD namespaces, in element or attribute form.
 */
import type { PdfDocument } from './document.ts';
import { isDict, isStream } from './objects.ts';

export interface FacturxXmp {
  conformanceLevel?: string;
  documentFileName?: string;
}

/** XMP metadata is a few kilobytes; far more is not worth reading for two properties. */
const MAX_XMP_BYTES = 1024 * 1024;

const NAMESPACE = /xmlns:([\w.-]+)\s*=\s*["']urn:(?:factur-x|zugferd):pdfa:CrossIndustryDocument:invoice:[^"']*["']/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** The catalog's XMP metadata as text, or undefined when there is none. */
export function xmpOf(doc: PdfDocument): string | undefined {
  const catalog = doc.get(doc.trailer, 'Root');
  const metadata = isDict(catalog) ? doc.get(catalog, 'Metadata') : null;
  if (!isStream(metadata)) return undefined;
  return Buffer.from(doc.decode(metadata, 'the XMP metadata', MAX_XMP_BYTES, 'PDF-MALFORMED')).toString('utf8');
}

/** The Factur-X properties of `xmp`, each absent when not written. */
export function facturxProperties(xmp: string): FacturxXmp {
  const prefixes = [...xmp.matchAll(NAMESPACE)].map((m) => escape(m[1]!));
  if (prefixes.length === 0) return {};
  const property = (name: string): string | undefined => {
    const qname = `(?:${prefixes.join('|')}):${name}`;
    const found = new RegExp(`<${qname}>([^<]*)<|\\s${qname}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xmp);
    return found?.slice(1).find((v) => v !== undefined)?.trim();
  };
  const conformanceLevel = property('ConformanceLevel');
  const documentFileName = property('DocumentFileName');
  return { ...(conformanceLevel === undefined ? {} : { conformanceLevel }), ...(documentFileName === undefined ? {} : { documentFileName }) };
}
