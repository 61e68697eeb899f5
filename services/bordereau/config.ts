import { z } from 'zod';
import { BaseConfig } from '../../platform/config.ts';

export const BordereauConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /** A bordereau closes when it holds this many pieces… */
  BORDEREAU_MAX_PIECES: z.coerce.number().int().min(1).max(99_999).default(500),
  /** …or when its first piece is this old… (or on an explicit close request). */
  BORDEREAU_MAX_AGE_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** How often open bordereaux are checked for age. */
  BORDEREAU_SWEEP_SECONDS: z.coerce.number().min(0.1).default(5),
});
export type BordereauConfig = z.infer<typeof BordereauConfig>;
