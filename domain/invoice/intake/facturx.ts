/**
 * Factur-X / ZUGFeRD 2.x: the CII XML embedded in a PDF/A-3, its attachment name, and its
 * profile, which decides the schema (Factur-X 1.09 has one per profile).
 */
import type { Finding } from '../../finding.ts';
import { IntakeError, fatal, warning } from './findings.ts';
import { attachments, type Attachment } from './pdf/attachments.ts';
import { PdfDocument } from './pdf/document.ts';
import { facturxProperties, pdfaIdentification, xmpOf, type PdfaXmp } from './pdf/metadata.ts';
import { failure, type FacturxProfile, type IntakeLimits, type IntakeResult } from './result.ts';
import { profileOf } from './profile.ts';
import { intakeXml } from './xml.ts';

/** Names the standards give the invoice XML, in order of preference. */
const KNOWN_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

const rank = (a: Attachment): number => {
  const i = KNOWN_NAMES.indexOf(a.name.toLowerCase());
  if (i >= 0) return i;
  return a.name.toLowerCase().endsWith('.xml') ? KNOWN_NAMES.length : -1;
};

/** The invoice XML among the attachments, and warnings about the choice. */
function choose(files: Attachment[]): { chosen: Attachment; warnings: Finding[] } | Finding {
  const candidates = files.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b));
  const chosen = candidates[0];
  if (!chosen) {
    const listed = files.map((f) => f.name || '(unnamed)').join(', ');
    return fatal(
      'FACTURX-NO-XML',
      files.length === 0
        ? 'the PDF has no attached file: it is a plain PDF, not Factur-X; send the invoice as UBL or CII XML, or as a Factur-X PDF carrying factur-x.xml'
        : `the PDF has no XML attachment (it carries ${listed}): a Factur-X PDF carries its invoice as factur-x.xml`,
    );
  }
  const warnings: Finding[] = [];
  if (rank(chosen) === KNOWN_NAMES.length) {
    warnings.push(warning('FACTURX-ATTACHMENTS', `the XML attachment is named ${chosen.name}, not factur-x.xml as Factur-X requires; it was read as the invoice`, { location: chosen.name }));
  }
  const others = candidates.slice(1);
  if (others.length > 0) {
    warnings.push(
      warning('FACTURX-ATTACHMENTS', `the PDF carries ${candidates.length} XML files; ${chosen.name} was read as the invoice, ${others.map((o) => o.name).join(', ')} ignored`, { location: chosen.name }),
    );
  }
  return { chosen, warnings };
}

/** fx:ConformanceLevel of each profile, as the XMP metadata of a Factur-X PDF writes it. */
const CONFORMANCE_LEVEL: Record<FacturxProfile, string> = {
  minimum: 'MINIMUM',
  basicwl: 'BASIC WL',
  basic: 'BASIC',
  en16931: 'EN 16931',
  extended: 'EXTENDED',
  xrechnung: 'XRECHNUNG',
};

/** What the XMP metadata says of the invoice, against what was read: warnings, as the XML decides. */
function metadataWarnings(doc: PdfDocument, attachment: string, profile: FacturxProfile | undefined): Finding[] {
  const where = { location: 'XMP metadata' };
  let xmp: string | undefined;
  try {
    xmp = xmpOf(doc);
  } catch (err) {
    // Metadata too damaged to read leaves the invoice readable; a bomb stays a bomb.
    if (!(err instanceof IntakeError) || err.code !== 'PDF-MALFORMED') throw err;
    return [warning('FACTURX-XMP', `the XMP metadata cannot be read (${err.finding.message}); the attachment ${attachment} was read regardless`, where)];
  }
  const { conformanceLevel, documentFileName } = xmp === undefined ? {} : facturxProperties(xmp);
  if (conformanceLevel === undefined) {
    return [
      warning(
        'FACTURX-XMP',
        `the PDF declares no Factur-X profile in its XMP metadata (fx:ConformanceLevel${xmp === undefined ? '; it has no metadata' : ''}), as a Factur-X PDF/A-3 must; the attachment ${attachment} was read regardless`,
        where,
      ),
    ];
  }
  const out: Finding[] = [];
  const expected = profile && CONFORMANCE_LEVEL[profile];
  if (expected && conformanceLevel.toUpperCase() !== expected) {
    out.push(warning('FACTURX-XMP', `the XMP metadata declares conformance level ${conformanceLevel}, but the XML's guideline (BT-24) is the ${expected} profile, which was applied`, { ...where, term: 'BT-24' }));
  }
  if (documentFileName !== undefined && documentFileName.toLowerCase() !== attachment.toLowerCase()) {
    out.push(warning('FACTURX-XMP', `the XMP metadata names ${documentFileName} as the invoice, but the attachment read is ${attachment}`, where));
  }
  const pdfa = pdfaProblem(pdfaIdentification(xmp ?? ''));
  if (pdfa) out.push(warning('FACTURX-XMP', `${pdfa}; the attachment ${attachment} was read regardless`, where));
  return out;
}

/** What is wrong with the PDF/A identification for a Factur-X PDF, a PDF/A-3 of level A, B or U. */
function pdfaProblem({ part, conformance }: PdfaXmp): string | undefined {
  if (part === undefined) return 'the XMP metadata declares no PDF/A part (pdfaid:part): a Factur-X PDF is a PDF/A-3 and says so there';
  if (part !== '3') return `the XMP metadata declares PDF/A-${part}${conformance ?? ''}: Factur-X requires PDF/A-3, the part that allows an attached invoice`;
  if (!/^[ABU]$/i.test(conformance ?? '')) return `the XMP metadata declares PDF/A-3 without a conformance level A, B or U (pdfaid:conformance${conformance === undefined ? ' is missing' : `: ${conformance}`})`;
  return undefined;
}

export function intakeFacturx(bytes: Uint8Array, limits: IntakeLimits): IntakeResult {
  try {
    const doc = new PdfDocument(bytes, { maxStreamBytes: limits.maxXmlBytes, maxInflatedBytes: limits.maxInflatedBytes });
    const choice = choose(attachments(doc));
    if (!('chosen' in choice)) return failure(choice);
    const { chosen } = choice;
    const xmlBytes = doc.decode(chosen.stream, `the attachment ${chosen.name}`, limits.maxXmlBytes, 'XML-TOO-LARGE');
    const xml = intakeXml(xmlBytes, limits, chosen.name);
    if (!xml.ok) return xml;
    if (xml.syntax !== 'cii') {
      return failure(fatal('FORMAT-UNSUPPORTED', `the attachment ${chosen.name} is a UBL ${xml.format === 'ubl-creditnote' ? 'CreditNote' : 'Invoice'}: Factur-X carries CII; send the UBL file itself`, { location: chosen.name }));
    }
    const { profile, schema, guideline } = profileOf(xml.xml);
    const warnings = [...choice.warnings, ...xml.warnings];
    if (!profile) {
      warnings.push(
        warning('FACTURX-PROFILE', `guideline ${guideline ?? '(none)'} (BT-24) is not a Factur-X profile: the XML is validated against plain CII D16B`, {
          term: 'BT-24',
          location: `${chosen.name}, /rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`,
        }),
      );
    }
    warnings.push(...metadataWarnings(doc, chosen.name, profile));
    return { ...xml, format: 'facturx', schema, attachmentName: chosen.name, ...(profile ? { profile } : {}), warnings };
  } catch (err) {
    if (err instanceof IntakeError) return failure(err.finding);
    // Whatever else a crafted file provokes in the reader is still a PDF that cannot be read.
    return failure(fatal('PDF-MALFORMED', `the PDF cannot be read: ${err instanceof Error ? err.message : String(err)}`));
  }
}
