/** The intake's findings: one constructor, so every rejection has the same shape. */
import type { Finding } from '../../finding.ts';

export type IntakeRule =
  | 'FORMAT-UNSUPPORTED'
  | 'XML-ENCODING'
  | 'XML-TOO-LARGE'
  | 'XML-DOCTYPE'
  | 'XML-TOO-DEEP'
  | 'PDF-TOO-LARGE'
  | 'PDF-MALFORMED'
  | 'PDF-ENCRYPTED'
  | 'FACTURX-NO-XML'
  | 'FACTURX-BOMB'
  | 'FACTURX-ATTACHMENTS'
  | 'FACTURX-PROFILE'
  | 'FACTURX-XMP';

type Where = Pick<Finding, 'location' | 'line' | 'column' | 'term'>;

export const fatal = (rule: IntakeRule, message: string, where: Where = {}): Finding => ({ rule, severity: 'fatal', message, ...where });
export const warning = (rule: IntakeRule, message: string, where: Where = {}): Finding => ({ rule, severity: 'warning', message, ...where });

/** A rejection as a thrown value, for code deep in a reader; caught once at the entry point. */
export class IntakeError extends Error {
  readonly code: IntakeRule;
  readonly finding: Finding;
  constructor(finding: Finding & { rule: IntakeRule }) {
    super(finding.message);
    this.code = finding.rule;
    this.finding = finding;
  }
}

export const reject = (rule: IntakeRule, message: string, where: Where = {}): IntakeError =>
  new IntakeError({ ...fatal(rule, message, where), rule });
