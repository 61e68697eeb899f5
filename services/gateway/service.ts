import type { ServiceDefinition } from '../../platform/service.ts';
import { GatewayConfig } from './config.ts';
import { invoiceRoutes } from './invoices.ts';
import { startKeyReader } from './key-reader.ts';
import { mandateRoutes } from './mandates.ts';
import { openApiDocument } from './openapi.ts';

export const gateway: ServiceDefinition<typeof GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  setup(ctx) {
    const keys = startKeyReader(ctx.config.MAX_UPLOAD_BYTES, ctx.log);
    ctx.onStop(() => keys.close());
    invoiceRoutes(ctx.http, ctx, keys);
    mandateRoutes(ctx.http, ctx);
    const doc = openApiDocument();
    ctx.http.get('/openapi.json', () => doc);
    return Promise.resolve();
  },
};
