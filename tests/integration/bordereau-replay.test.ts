/**
 * Bordereau numbering and bytes on real PostgreSQL: the same inputs, in the same order, on two
 * fresh databases give the same IdBord, IdPce, NomFic and the same PES bytes; handling them again
 * on the same database gives no second bordereau. The handlers run as the service runs them,
 * one transaction per message (the Kafka side of this is the processing-contract test's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveId } from '../../domain/ids.ts';
import { Mandate } from '../../domain/mandate/model.ts';
import { checkInvoice } from '../../domain/invoice/validate.ts';
import { FsBlobStore } from '../../platform/blobs.ts';
import { createPool, withTransaction, type Pool } from '../../platform/db/pool.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createEnvelope, type Envelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import { createLogger } from '../../platform/log.ts';
import { collectiviteOf } from '../../platform/store/directory.ts';
import { insertInvoice, recordInitialStatus } from '../../platform/store/invoices.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { createAssembler } from '../../services/bordereau/assembly.ts';
import { onInvoiceValidated, onMandateSubmitted } from '../../services/bordereau/matching.ts';
import { frenchInvoice, frenchMandate, seedDirectory } from '../support/fixtures.ts';
import { createNamespace, type TestNamespace } from '../support/namespace.ts';
import { SCHEMA_DIR } from '../support/paths.ts';

const log = createLogger('replay-test', 'silent');
const namespaces: TestNamespace[] = [];
const pools: Pool[] = [];
const catalog = openSchemaCatalog(SCHEMA_DIR);
const NUMBERS = ['FA-2026-30001', 'FA-2026-30002', 'FA-2026-30003', 'FA-2026-30004', 'FA-2026-30005'];
const T0 = Date.parse('2026-11-20T09:00:00Z');

/** The inputs of the bordereau service, as events with fixed ids and event times. */
async function inputs(blobDir: string, pool: Pool): Promise<{ topic: 'invoice' | 'mandate'; envelope: Envelope }[]> {
  const blobs = new FsBlobStore(blobDir);
  const [buyer] = await seedDirectory(pool);
  const out: { topic: 'invoice' | 'mandate'; envelope: Envelope }[] = [];
  for (const [i, n] of NUMBERS.entries()) {
    const bytes = frenchInvoice(n);
    const blobKey = await blobs.put(bytes);
    const invoiceId = deriveId('inv', blobKey);
    const check = checkInvoice(bytes, { catalog });
    out.push({
      topic: 'invoice',
      envelope: createEnvelope(EVENTS.invoiceValidated, {
        id: deriveId('msg', 'invoice.validated', invoiceId),
        key: invoiceId,
        correlationId: invoiceId,
        occurredAt: new Date(T0 + i * 60_000),
        payload: { invoiceId, blobKey, format: 'ubl-invoice', mediaType: 'application/xml', summary: check.summary!, collectivite: collectiviteOf(buyer!), invoice: check.invoice, warnings: [] },
      }),
    });
    const mandateId = deriveId('mdt', buyer!.siret, `MDT-${n}`);
    out.push({
      topic: 'mandate',
      envelope: createEnvelope(EVENTS.mandateSubmitted, {
        id: deriveId('msg', 'mandate.submitted', mandateId),
        key: buyer!.siret,
        correlationId: mandateId,
        occurredAt: new Date(T0 + i * 60_000 + 30_000),
        payload: { mandateId, mandate: Mandate.parse(frenchMandate(n)), collectivite: collectiviteOf(buyer!), submittedAt: new Date(T0).toISOString() },
      }),
    });
  }
  return out;
}

/** Runs the inputs through the bordereau handlers on `pool`; returns the closed bordereaux. */
async function run(pool: Pool, blobDir: string, events: { topic: 'invoice' | 'mandate'; envelope: Envelope }[]) {
  const assembler = createAssembler({ blobs: new FsBlobStore(blobDir), maxPieces: 2, log });
  const handlers = { invoice: onInvoiceValidated(assembler), mandate: onMandateSubmitted(assembler) };
  for (const e of events) {
    const msg: Inbound = { topic: e.topic, partition: 0, offset: '0', envelope: e.envelope, log, heartbeat: () => Promise.resolve() };
    await withTransaction(pool, async (tx) => {
      // As the runner does: a message already handled is skipped.
      const fresh = await tx.query('INSERT INTO processed_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [e.topic, e.envelope.id]);
      if (fresh.rowCount === 1) await handlers[e.topic](msg, tx);
    });
  }
  const { rows } = await pool.query<{ id_bord: number; nom_fic: string; blob_key: string; pieces: number[] }>(
    `SELECT b.id_bord, b.nom_fic, b.blob_key, array_agg(p.id_pce ORDER BY p.id_pce) AS pieces
     FROM bordereaux b JOIN pieces p ON p.bordereau_id = b.id WHERE b.status = 'closed' GROUP BY b.id ORDER BY b.id_bord`,
  );
  return rows;
}

async function freshDatabase(label: string): Promise<{ pool: Pool; ns: TestNamespace }> {
  const ns = await createNamespace(label);
  const pool = createPool(ns.databaseUrl);
  await migrate(pool);
  namespaces.push(ns);
  pools.push(pool);
  return { pool, ns };
}

async function registerInvoices(pool: Pool, events: { topic: string; envelope: Envelope }[]) {
  for (const e of events.filter((x) => x.topic === 'invoice')) {
    const p = e.envelope.payload as { invoiceId: string; blobKey: string };
    await withTransaction(pool, async (tx) => {
      await insertInvoice(tx, { id: p.invoiceId, contentHash: p.blobKey, byteSize: 1, mediaType: 'application/xml' }, 'received');
      await recordInitialStatus(tx, { invoiceId: p.invoiceId, to: 'received', cause: 'test', source: 'test' });
      await tx.query(`UPDATE invoices SET status = 'validated' WHERE id = $1`, [p.invoiceId]);
    });
  }
}

let blobDir: string;
beforeAll(async () => {
  const blobs = await createNamespace('replayblobs');
  namespaces.push(blobs); // dropped with the others: its database and folder are not left behind
  blobDir = blobs.dir;
});

afterAll(async () => {
  for (const p of pools) await p.end();
  for (const ns of namespaces) await ns.drop();
});

describe('bordereau numbering', () => {
  it('gives the same numbers and bytes for the same inputs, and nothing more when they come again', async () => {
    const a = await freshDatabase('replaya');
    const events = await inputs(blobDir, a.pool);
    await registerInvoices(a.pool, events);
    const first = await run(a.pool, blobDir, events);
    // 5 matched pièces, 2 per bordereau: 2 closed by size, the fifth waits in an open one.
    expect(first.map((b) => [b.id_bord, b.pieces])).toEqual([
      [1, [1, 2]],
      [2, [3, 4]],
    ]);
    for (const b of first) expect(catalog.validator('pes-aller').validate(await new FsBlobStore(blobDir).get(b.blob_key))).toEqual([]);

    // The same messages again (a replay from the first offset): no second bordereau, same rows.
    expect(await run(a.pool, blobDir, events)).toEqual(first);

    // The same inputs on a fresh database: the same numbers, file names and bytes.
    const b = await freshDatabase('replayb');
    await seedDirectory(b.pool);
    await registerInvoices(b.pool, events);
    expect(await run(b.pool, blobDir, events)).toEqual(first);
  });
});
