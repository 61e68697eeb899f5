/**
 * An XML invoice from its bytes: size cap, decoding, the DOCTYPE and depth guards, then the
 * format its root element says (never the file name).
 */
import type { SchemaName } from '../../xml/xsd.ts';
import { decodeXml } from './decode.ts';
import { fatal, warning } from './findings.ts';
import { failure, type IntakeFormat, type IntakeLimits, type IntakeResult } from './result.ts';
import { profileOf, withoutLines } from './profile.ts';
import { position, scanXml, type RootElement } from './scan.ts';

const FORMATS: { local: string; ns: string; format: IntakeFormat; syntax: 'ubl' | 'cii'; schema: SchemaName }[] = [
  { local: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', format: 'ubl-invoice', syntax: 'ubl', schema: 'ubl-invoice' },
  { local: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', format: 'ubl-creditnote', syntax: 'ubl', schema: 'ubl-creditnote' },
  { local: 'CrossIndustryInvoice', ns: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100', format: 'cii', syntax: 'cii', schema: 'cii-d16b' },
];

const EXPECTED = 'a UBL 2.1 Invoice or CreditNote, a UN/CEFACT CII D16B CrossIndustryInvoice, or a Factur-X PDF';

const describeRoot = (r: RootElement): string =>
  `root element ${r.prefix ? `${r.prefix}:` : ''}${r.local} in ${r.ns === undefined ? 'no namespace' : `namespace ${r.ns}`}`;

/**
 * `source` names where the bytes came from when they are not the upload itself (a PDF's
 * attachment), so each finding says so.
 */
export function intakeXml(bytes: Uint8Array, limits: IntakeLimits, source?: string): IntakeResult {
  const at = (location: string) => (source ? `${source}, ${location}` : location);
  const of = source ? `the attachment ${source}` : 'the document';
  if (bytes.byteLength > limits.maxXmlBytes) {
    return failure(fatal('XML-TOO-LARGE', `${of} has ${bytes.byteLength} bytes, more than the ${limits.maxXmlBytes} accepted for an XML invoice`));
  }
  const decoded = decodeXml(bytes);
  if (!decoded.ok) return failure({ ...decoded.finding, ...(decoded.finding.location ? { location: at(decoded.finding.location) } : {}) });
  const { text } = decoded;
  const shape = scanXml(text, limits.maxDepth);
  switch (shape.kind) {
    case 'doctype':
      return failure(
        fatal('XML-DOCTYPE', `${of} declares a DOCTYPE (or other markup declaration): e-invoices never need one, and it is how external-entity (XXE) and entity-expansion attacks begin, so it is refused unread`, {
          location: at(`character ${shape.offset}`),
          ...position(text.slice(0, shape.offset)),
        }),
      );
    case 'too-deep':
      return failure(
        fatal('XML-TOO-DEEP', `elements of ${of} nest deeper than ${limits.maxDepth} levels: no e-invoice does, and a parser's stack is at risk`, {
          location: at(`character ${shape.offset}`),
          ...position(text.slice(0, shape.offset)),
        }),
      );
    case 'no-root':
      return failure(fatal('FORMAT-UNSUPPORTED', `${of} is neither XML nor PDF: found ${shape.found} where ${EXPECTED} was expected`, source ? { location: source } : {}));
    case 'ok': {
      const known = FORMATS.find((f) => f.local === shape.root.local && f.ns === shape.root.ns);
      if (!known) return failure(fatal('FORMAT-UNSUPPORTED', `${of} has ${describeRoot(shape.root)}: expected ${EXPECTED}`, { location: at(`/${shape.root.local}`) }));
      const warnings = decoded.warnings.map((w) => (w.location ? { ...w, location: at(w.location) } : w));
      const taken = { ok: true, format: known.format, syntax: known.syntax, schema: known.schema, xml: text, xmlBytes: decoded.utf8, warnings } as const;
      // An attachment's profile is its PDF's to decide (facturx.ts), from the same guideline.
      if (known.syntax !== 'cii' || source !== undefined) return taken;
      const { profile } = profileOf(text);
      // Factur-X EXTENDED data is EXTENDED with or without its PDF: its own schema and reading.
      if (profile === 'extended') return { ...taken, schema: 'facturx-extended', profile };
      // MINIMUM and BASIC WL only summarise their PDF: alone, the XML is read as a whole invoice.
      if (withoutLines(profile)) {
        const why = `the document declares Factur-X ${profile.toUpperCase()}, a profile without lines whose XML only summarises its PDF: sent alone it is checked as a full CII invoice; send the Factur-X PDF instead`;
        return { ...taken, warnings: [...warnings, warning('FACTURX-PROFILE', why, { term: 'BT-24' })] };
      }
      return taken;
    }
  }
}
