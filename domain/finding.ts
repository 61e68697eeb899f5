import { z } from 'zod';

/**
 * One thing wrong (or worth a warning) with a document: the shape every check in the
 * project reports, from "not XML" to an EN 16931 rule to a PES simple-type rule.
 */
export const Finding = z.object({
  /** Rule id as its publisher spells it (`BR-CO-10`, `UBL-SR-12`), or the project's own (`XSD`, `FORMAT-UNSUPPORTED`, `FR-SIRET`). */
  rule: z.string().min(1),
  /** `fatal` rejects the document; `warning` is reported and lets it through. */
  severity: z.enum(['fatal', 'warning']),
  /** EN 16931 business term or group (`BT-1`, `BG-23`) when the rule is about one. */
  term: z.string().optional(),
  /** Where: an XPath-like path in the document (and line/column when known). */
  location: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  column: z.number().int().nonnegative().optional(),
  message: z.string().min(1),
});
export type Finding = z.infer<typeof Finding>;

export const isFatal = (f: Finding): boolean => f.severity === 'fatal';
