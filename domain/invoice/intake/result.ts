/** What intake is given (limits) and what it answers (the document identified, or why not). */
import { z } from 'zod';
import { Finding } from '../../finding.ts';
import { SCHEMA_FILES, type SchemaName } from '../../xml/xsd.ts';

const MiB = 1024 * 1024;

export const IntakeLimits = z.object({
  /** Largest XML accepted, uploaded as such or extracted from a PDF. */
  maxXmlBytes: z.number().int().positive().default(20 * MiB),
  /** Largest PDF accepted. */
  maxPdfBytes: z.number().int().positive().default(120 * MiB),
  /** Deepest element nesting accepted (an e-invoice nests about 10 deep). */
  maxDepth: z.number().int().positive().default(256),
  /** Most bytes all decompressed streams of one PDF may produce together (structure and attachment). */
  maxInflatedBytes: z.number().int().positive().default(64 * MiB),
});
export type IntakeLimits = z.infer<typeof IntakeLimits>;
/** Limits as callers write them: any left out take their defaults. */
export type IntakeLimitsInput = z.input<typeof IntakeLimits>;

export const IntakeFormat = z.enum(['ubl-invoice', 'ubl-creditnote', 'cii', 'facturx']);
export type IntakeFormat = z.infer<typeof IntakeFormat>;

export const FacturxProfile = z.enum(['minimum', 'basicwl', 'basic', 'en16931', 'extended', 'xrechnung']);
export type FacturxProfile = z.infer<typeof FacturxProfile>;

export const IntakeSuccess = z.object({
  ok: z.literal(true),
  format: IntakeFormat,
  syntax: z.enum(['ubl', 'cii']),
  /** The XSD to validate `xmlBytes` against. */
  schema: z.custom<SchemaName>((v) => typeof v === 'string' && Object.hasOwn(SCHEMA_FILES, v)),
  /** The XML as text (declaration rewritten to UTF-8 when it was re-encoded). */
  xml: z.string(),
  /** The XML as UTF-8 bytes for the XSD engine: the upload itself when it already was UTF-8. */
  xmlBytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
  /** Factur-X: the name of the embedded file the XML came from. */
  attachmentName: z.string().optional(),
  /** Factur-X: the profile its GuidelineSpecifiedDocumentContextParameter names. */
  profile: FacturxProfile.optional(),
  /** What was noticed without refusing the document (severity warning). */
  warnings: z.array(Finding),
  /** The nesting depth is the caller's to check after its parse (intake's `depthAfterParse`, xml.ts depthFailure). */
  depthUnchecked: z.literal(true).optional(),
});
export type IntakeSuccess = z.infer<typeof IntakeSuccess>;

export const IntakeFailure = z.object({
  ok: z.literal(false),
  findings: z.array(Finding).min(1),
  /** Set when the bytes are a PDF: it gave no invoice, but what was sent is known. */
  container: z.literal('pdf').optional(),
});
export type IntakeFailure = z.infer<typeof IntakeFailure>;

export type IntakeResult = IntakeSuccess | IntakeFailure;

export const failure = (...findings: [Finding, ...Finding[]]): IntakeFailure => ({ ok: false, findings });
