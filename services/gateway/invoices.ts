/**
 * Supplier-facing invoice API: upload (content-addressed, so a repeated upload is the same
 * invoice) and status with its full trail.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { contentHash, deriveId } from '../../domain/ids.ts';
import { intake } from '../../domain/invoice/intake/index.ts';
import { readSupplierNumberKey } from '../../domain/invoice/supplier-number.ts';
import { withTransaction } from '../../platform/db/pool.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import { enqueue } from '../../platform/kafka/outbox.ts';
import type { ServiceContext } from '../../platform/service.ts';
import { getInvoice, insertInvoice, recordInitialStatus } from '../../platform/store/invoices.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import type { GatewayConfig } from './config.ts';

/** The invoice id is derived from the uploaded bytes alone. */
export const invoiceIdOf = (bytes: Uint8Array): string => deriveId('inv', contentHash(bytes));

/**
 * The supplier-and-number key of an upload (domain/invoice/supplier-number.ts), read with the
 * validator's own code: intake, the libxml2 parse and the model read, without XSD or rules.
 * Undefined for a document that cannot be read that far: the validator rejects it, so it is
 * nobody's duplicate. The XML and PDF caps here are the upload cap, so that what the validator
 * accepts is read here too (unless an operator gives the validator an XML cap above the upload
 * cap: an XML inflated out of a PDF between the two is keyed by its id, and only the validator's
 * lock stands between it and a duplicate validated at the same moment).
 */
export function supplierNumberKeyOf(bytes: Uint8Array, maxBytes: number): string | undefined {
  const doc = intake(bytes, { maxXmlBytes: maxBytes, maxPdfBytes: maxBytes });
  return doc.ok ? readSupplierNumberKey(readXmlTree(doc.xmlBytes).root, doc.syntax) : undefined;
}

/**
 * The partition key of `invoice.received`: the supplier and number, so that a second document of
 * one invoice is validated after the first one; the invoice id when there are none.
 */
function receivedKeyOf(bytes: Uint8Array, invoiceId: string, maxBytes: number, log: FastifyBaseLogger): string {
  try {
    return supplierNumberKeyOf(bytes, maxBytes) ?? invoiceId;
  } catch (err) {
    // A reader defect must not refuse an upload: the validator will meet the same document and report it.
    log.warn({ err, correlationId: invoiceId }, 'could not read the supplier and number of the upload; keyed by its id');
    return invoiceId;
  }
}

const FILE_NAME = /^[^/\\\0]{1,255}$/;

export function invoiceRoutes(app: FastifyInstance, ctx: ServiceContext<GatewayConfig>): void {
  // Uploads are taken as raw bytes whatever their declared type: the validator decides what they are.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.config.MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));

  app.post('/invoices', { bodyLimit: ctx.config.MAX_UPLOAD_BYTES }, async (req, reply) => {
    const body = req.body;
    if (!Buffer.isBuffer(body) || body.byteLength === 0) {
      return reply.code(400).send({ error: { code: 'EMPTY_UPLOAD', message: 'the request body must be the invoice file (XML or PDF)' } });
    }
    const rawName = req.headers['x-file-name'];
    const fileName = typeof rawName === 'string' && FILE_NAME.test(rawName) ? rawName : undefined;
    const mediaType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
    const hash = contentHash(body);
    const id = invoiceIdOf(body);
    const key = receivedKeyOf(body, id, ctx.config.MAX_UPLOAD_BYTES, req.log);
    await ctx.blobs.put(body); // before the row: a recorded invoice always has its original
    const created = await withTransaction(ctx.pool, async (tx) => {
      const fresh = await insertInvoice(tx, { id, contentHash: hash, byteSize: body.byteLength, mediaType, ...(fileName ? { fileName } : {}) }, 'received');
      if (!fresh) return false;
      const receivedId = deriveId('msg', 'invoice.received', id);
      const ev = EVENTS.invoiceReceived;
      const status = await recordInitialStatus(tx, { invoiceId: id, to: 'received', cause: receivedId, source: 'gateway' });
      await enqueue(tx, [
        {
          topic: ev.topic,
          envelope: createEnvelope(ev, {
            id: receivedId,
            key,
            correlationId: id,
            payload: { invoiceId: id, blobKey: hash, byteSize: body.byteLength, mediaType, ...(fileName ? { fileName } : {}), receivedAt: new Date().toISOString() },
          }),
        },
        status,
      ]);
      return true;
    });
    if (created) {
      req.log.info({ correlationId: id, bytes: body.byteLength, fileName }, 'invoice received');
      await ctx.relay.flush().catch((err: unknown) => req.log.warn({ err }, 'outbox flush failed; the sweep will publish'));
    }
    const view = await getInvoice(ctx.pool, id);
    return reply
      .code(created ? 202 : 200)
      .header('location', `/invoices/${id}`)
      .send({ id, duplicate: !created, status: view?.status ?? 'received' });
  });

  app.get<{ Params: { id: string } }>('/invoices/:id', async (req, reply) => {
    const view = await getInvoice(ctx.pool, req.params.id);
    if (!view) return reply.code(404).send({ error: { code: 'INVOICE_NOT_FOUND', message: `no invoice ${req.params.id}` } });
    return view;
  });
}
