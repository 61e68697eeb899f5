import { z } from 'zod';
import { BaseConfig } from '../../platform/config.ts';

export const GatewayConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Largest upload accepted (Chorus Pro's portal allows 120 MB per invoice). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(120 * 1024 * 1024),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
