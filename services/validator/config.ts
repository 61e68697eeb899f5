import { z } from 'zod';
import { CHECK_BATCH } from '../../domain/invoice/validate.ts';
import { BaseConfig } from '../../platform/config.ts';

export const ValidatorConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /**
   * French public-sector (Chorus Pro) rules: `enforce` rejects on them; `warn` reports them and
   * lets the invoice through (for the EN 16931 examples of the demo, which carry no French data).
   */
  FR_RULES: z.enum(['enforce', 'warn']).default('enforce'),
  MAX_XML_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  MAX_PDF_BYTES: z.coerce.number().int().positive().default(120 * 1024 * 1024),
  /**
   * Invoices checked together, stage by stage, ahead of their transactions (1: one at a time),
   * and the most bytes such a batch holds: larger documents are checked alone.
   */
  CHECK_BATCH_SIZE: z.coerce.number().int().positive().default(CHECK_BATCH.invoices),
  CHECK_BATCH_BYTES: z.coerce.number().int().positive().default(CHECK_BATCH.bytes),
});
export type ValidatorConfig = z.infer<typeof ValidatorConfig>;
