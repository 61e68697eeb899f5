/**
 * Supplier-facing invoice API: upload (content-addressed, so a repeated upload is the same
 * invoice) and status with its full trail.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { contentHash, deriveId } from '../../domain/ids.ts';
import { withTransaction } from '../../platform/db/pool.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import { enqueue } from '../../platform/kafka/outbox.ts';
import type { ServiceContext } from '../../platform/service.ts';
import { getInvoice, insertInvoice, recordInitialStatus } from '../../platform/store/invoices.ts';
import type { GatewayConfig } from './config.ts';
import type { KeyReader } from './key-reader.ts';

/** The invoice id is derived from the uploaded bytes alone. */
export const invoiceIdOf = (bytes: Uint8Array): string => deriveId('inv', contentHash(bytes));

/**
 * The partition key of `invoice.received`: the supplier and number, so that a second document of
 * one invoice is validated after the first one; the invoice id when there are none.
 */
async function receivedKeyOf(keys: KeyReader, bytes: Uint8Array, invoiceId: string, log: FastifyBaseLogger): Promise<string> {
  try {
    return (await keys.read(bytes)) ?? invoiceId;
  } catch (err) {
    // A failed read (a reader defect, a worker that died) must not refuse an upload: the validator will meet the same document.
    log.warn({ err, correlationId: invoiceId }, 'could not read the supplier and number of the upload; keyed by its id');
    return invoiceId;
  }
}

const FILE_NAME = /^[^/\\\0]{1,255}$/;

export function invoiceRoutes(app: FastifyInstance, ctx: ServiceContext<GatewayConfig>, keys: KeyReader): void {
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
    const key = await receivedKeyOf(keys, body, id, req.log);
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
