/**
 * What uploaded bytes are, decoded and guarded, before any parser sees them: a UBL invoice or
 * credit note, a CII invoice, or a Factur-X PDF and the CII XML it carries. The format comes
 * from the content, never from a file name; nothing is read but the bytes given.
 */
import { fatal } from './findings.ts';
import { intakeFacturx } from './facturx.ts';
import { failure, IntakeLimits, type IntakeLimitsInput, type IntakeResult } from './result.ts';
import { intakeXml } from './xml.ts';

export { IntakeLimits, IntakeFormat, FacturxProfile, type IntakeLimitsInput, type IntakeResult, type IntakeSuccess, type IntakeFailure } from './result.ts';
export { withoutLines, type ProfileWithoutLines } from './profile.ts';

/** Acrobat accepts a PDF header anywhere in the first kilobyte; so do suppliers' tools. */
const PDF_HEADER_WINDOW = 1024;

const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW)).includes('%PDF-', 0, 'latin1');

export { depthFailure } from './xml.ts';

export interface IntakeOptions {
  /**
   * The caller parses an XML upload with a parser that bounds nesting itself (libxml2: 256 levels,
   * 2,048 for huge documents), then checks the depth of the parsed tree, and calls depthFailure
   * when it is deeper than `maxDepth` or the parse failed: the verdict is the same, and intake
   * does not scan the whole text for it. Not for PDFs, whose attachment is always scanned.
   */
  depthAfterParse?: boolean;
}

export function intake(bytes: Uint8Array, limits: IntakeLimitsInput = {}, options: IntakeOptions = {}): IntakeResult {
  const l = IntakeLimits.parse(limits);
  if (!isPdf(bytes)) return intakeXml(bytes, l, undefined, options.depthAfterParse);
  const read = bytes.byteLength > l.maxPdfBytes ? failure(fatal('PDF-TOO-LARGE', `the PDF has ${bytes.byteLength} bytes, more than the ${l.maxPdfBytes} accepted`)) : intakeFacturx(bytes, l);
  return read.ok ? read : { ...read, container: 'pdf' };
}
