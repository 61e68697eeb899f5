/**
 * An XML invoice from its bytes: size cap, decoding, the DOCTYPE and depth guards, then the
 * format its root element says (never the file name).
 */
import type { SchemaName } from '../../xml/xsd.ts';
import { decodeXml } from './decode.ts';
import { fatal, warning } from './findings.ts';
import { failure, type IntakeFailure, type IntakeFormat, type IntakeLimits, type IntakeResult, type IntakeSuccess } from './result.ts';
import { profileOf, withoutLines } from './profile.ts';
import { position, scanXml, tooDeepAt, type RootElement } from './scan.ts';

const FORMATS: { local: string; ns: string; format: IntakeFormat; syntax: 'ubl' | 'cii'; schema: SchemaName }[] = [
  { local: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', format: 'ubl-invoice', syntax: 'ubl', schema: 'ubl-invoice' },
  { local: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', format: 'ubl-creditnote', syntax: 'ubl', schema: 'ubl-creditnote' },
  { local: 'CrossIndustryInvoice', ns: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100', format: 'cii', syntax: 'cii', schema: 'cii-d16b' },
];

const EXPECTED = 'a UBL 2.1 Invoice or CreditNote, a UN/CEFACT CII D16B CrossIndustryInvoice, or a Factur-X PDF';

const describeRoot = (r: RootElement): string =>
  `root element ${r.prefix ? `${r.prefix}:` : ''}${r.local} in ${r.ns === undefined ? 'no namespace' : `namespace ${r.ns}`}`;

const ofSource = (source: string | undefined): string => (source ? `the attachment ${source}` : 'the document');
const atSource = (source: string | undefined, location: string): string => (source ? `${source}, ${location}` : location);

function tooDeep(text: string, offset: number, limits: IntakeLimits, source: string | undefined): IntakeFailure {
  return failure(
    fatal('XML-TOO-DEEP', `elements of ${ofSource(source)} nest deeper than ${limits.maxDepth} levels: no e-invoice does, and a parser's stack is at risk`, {
      location: atSource(source, `character ${offset}`),
      ...position(text.slice(0, offset)),
    }),
  );
}

/**
 * The XML-TOO-DEEP failure intake gives a document it took with `depthAfterParse`, or undefined
 * when the document does not nest deeper than `limits.maxDepth`: for the caller whose parse
 * failed, or whose parsed tree is too deep.
 */
export function depthFailure(doc: IntakeSuccess, limits: IntakeLimits): IntakeFailure | undefined {
  const offset = tooDeepAt(doc.xml, limits.maxDepth);
  return offset < 0 ? undefined : tooDeep(doc.xml, offset, limits, undefined);
}

/**
 * `source` names where the bytes came from when they are not the upload itself (a PDF's
 * attachment), so each finding says so. `depthAfterParse`: the caller parses the document with
 * a parser that bounds nesting itself and checks the depth of the tree (depthFailure); intake
 * then reads the prolog and the root only, and marks the result `depthUnchecked`.
 */
export function intakeXml(bytes: Uint8Array, limits: IntakeLimits, source?: string, depthAfterParse = false): IntakeResult {
  const at = (location: string) => atSource(source, location);
  const of = ofSource(source);
  if (bytes.byteLength > limits.maxXmlBytes) {
    return failure(fatal('XML-TOO-LARGE', `${of} has ${bytes.byteLength} bytes, more than the ${limits.maxXmlBytes} accepted for an XML invoice`));
  }
  const decoded = decodeXml(bytes);
  if (!decoded.ok) return failure({ ...decoded.finding, ...(decoded.finding.location ? { location: at(decoded.finding.location) } : {}) });
  const { text } = decoded;
  const shape = scanXml(text, depthAfterParse ? undefined : limits.maxDepth);
  switch (shape.kind) {
    case 'doctype':
      return failure(
        fatal('XML-DOCTYPE', `${of} declares a DOCTYPE (or other markup declaration): e-invoices never need one, and it is how external-entity (XXE) and entity-expansion attacks begin, so it is refused unread`, {
          location: at(`character ${shape.offset}`),
          ...position(text.slice(0, shape.offset)),
        }),
      );
    case 'too-deep':
      return tooDeep(text, shape.offset, limits, source);
    case 'no-root':
      return failure(fatal('FORMAT-UNSUPPORTED', `${of} is neither XML nor PDF: found ${shape.found} where ${EXPECTED} was expected`, source ? { location: source } : {}));
    case 'ok': {
      const known = FORMATS.find((f) => f.local === shape.root.local && f.ns === shape.root.ns);
      if (!known) {
        // Too deep comes first, as when intake scans the whole text.
        const deep = depthAfterParse ? tooDeepAt(text, limits.maxDepth) : -1;
        if (deep >= 0) return tooDeep(text, deep, limits, source);
        return failure(fatal('FORMAT-UNSUPPORTED', `${of} has ${describeRoot(shape.root)}: expected ${EXPECTED}`, { location: at(`/${shape.root.local}`) }));
      }
      const warnings = decoded.warnings.map((w) => (w.location ? { ...w, location: at(w.location) } : w));
      const taken = {
        ok: true,
        format: known.format,
        syntax: known.syntax,
        schema: known.schema,
        xml: text,
        xmlBytes: decoded.utf8,
        warnings,
        ...(depthAfterParse ? { depthUnchecked: true as const } : {}),
      } as const;
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
