import { Histogram } from 'prom-client';
import type { ServiceDefinition } from '../../platform/service.ts';
import { TOPICS } from '../../platform/kafka/topics.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { ValidatorConfig } from './config.ts';
import { validateHandler } from './validate.ts';

const SCHEMAS = ['ubl-invoice', 'ubl-creditnote', 'cii-d16b', 'facturx-minimum', 'facturx-basicwl', 'facturx-basic', 'facturx-en16931', 'facturx-extended'] as const;

export const validator: ServiceDefinition<typeof ValidatorConfig> = {
  name: 'validator',
  config: ValidatorConfig,
  schemas: SCHEMAS,
  async setup(ctx) {
    // CPU time rather than wall time: what the check itself costs, whatever else the machine runs.
    const checkCpu = new Histogram({
      name: 'einvoice_invoice_check_cpu_seconds',
      help: 'CPU time to check one invoice (intake, XSD, EN 16931 rules), by detected format; for invoices checked in a batch, the batch\'s time shared evenly',
      labelNames: ['format'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
      registers: [ctx.metrics.registry],
    });
    const catalog = openSchemaCatalog(ctx.config.SCHEMA_DIR);
    for (const s of SCHEMAS) catalog.validator(s); // compile every schema at start, not on the first invoice
    const { handle, prepare } = validateHandler({
      blobs: ctx.blobs,
      catalog,
      limits: { maxXmlBytes: ctx.config.MAX_XML_BYTES, maxPdfBytes: ctx.config.MAX_PDF_BYTES },
      frRules: ctx.config.FR_RULES,
      batchBytes: ctx.config.CHECK_BATCH_BYTES,
      onCheck: (format, seconds) => checkCpu.observe({ format }, seconds),
    });
    await ctx.consume({
      name: 'validator',
      topics: [TOPICS.invoiceReceived.name],
      handle,
      ...(ctx.config.CHECK_BATCH_SIZE > 1 ? { prepare, prepareChunk: ctx.config.CHECK_BATCH_SIZE } : {}),
    });
  },
};
