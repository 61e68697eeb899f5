import { resolve } from 'node:path';
import { z } from 'zod';
import { BaseConfig } from '../../platform/config.ts';

export const TreasuryConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  /** Default endpoint: one folder per treasury post (IdPost) under this directory. */
  TREASURY_OUTBOX_DIR: z.string().default(resolve(import.meta.dirname, '../../var/treasury-outbox')).transform((p) => resolve(p)),
  /** JSON file routing treasury posts to endpoints (services/treasury/routes.ts); without it, all go to the outbox folder. */
  TREASURY_ROUTES_FILE: z.string().optional(),
});
export type TreasuryConfig = z.infer<typeof TreasuryConfig>;
