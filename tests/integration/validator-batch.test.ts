/**
 * The validator's handler on real PostgreSQL, with its checks made ahead in a batch (`prepare`)
 * and without: the same statuses, findings and events, each blob read once, and a document above
 * the batch's byte budget checked alone in its turn.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore, type BlobStore } from '../../platform/blobs.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import { createLogger } from '../../platform/log.ts';
import { insertInvoice } from '../../platform/store/invoices.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { validateHandler } from '../../services/validator/validate.ts';
import { useMigratedDatabase } from '../support/database.ts';
import { officialExamples } from '../support/examples.ts';
import { SCHEMA_DIR } from '../support/paths.ts';

const db = useMigratedDatabase('validator-batch');
const log = createLogger('validator-batch-test', 'silent');
const catalog = openSchemaCatalog(SCHEMA_DIR);
const BATCH_BYTES = 40_000;

/** Four small invoices, one broken, then one too large for what is left of the batch's bytes. */
const small = officialExamples(9_000).slice(0, 4);
const large = officialExamples(40_000).find((e) => e.bytes.byteLength > 25_000)!;
const documents = [
  ...small.slice(0, 3).map((e) => e.bytes),
  Buffer.from(small[3]!.bytes.toString('utf8').replace(/<cbc:IssueDate>[^<]*</, '<cbc:IssueDate>2024-02-30<').replace(/<ram:DateTimeString format="102">\d+</, '<ram:DateTimeString format="102">20240230<')),
  large.bytes,
];

let blobs: BlobStore;
const reads: string[] = [];
const keys: string[] = [];
beforeAll(async () => {
  const store = new FsBlobStore(mkdtempSync(join(tmpdir(), 'validator-batch-')));
  blobs = { put: (bytes) => store.put(bytes), get: (key) => (reads.push(key), store.get(key)) };
  for (const d of documents) keys.push(await store.put(d));
});

/** Each document received as a new invoice of `run`, and its invoice.received message. */
async function received(run: string): Promise<Inbound[]> {
  const client = await db.pool.connect();
  try {
    for (const [i, d] of documents.entries()) {
      await insertInvoice(client, { id: `inv_${run}_${i}`, contentHash: `${run}-${keys[i]!}`, byteSize: d.byteLength, mediaType: 'application/xml' }, 'received');
    }
  } finally {
    client.release();
  }
  return documents.map((d, i) => {
    const invoiceId = `inv_${run}_${i}`;
    const envelope = createEnvelope(EVENTS.invoiceReceived, {
      id: `msg_${invoiceId}`,
      key: invoiceId,
      correlationId: invoiceId,
      payload: { invoiceId, blobKey: keys[i]!, byteSize: d.byteLength, mediaType: 'application/xml', receivedAt: new Date(0).toISOString() },
    });
    return { topic: 'invoice.received', partition: 0, offset: String(i), envelope, log, heartbeat: () => Promise.resolve() };
  });
}

/** What `handle` emits and leaves in the database, invoice ids and times taken out. */
async function handleEach(handle: ReturnType<typeof validateHandler>['handle'], msgs: Inbound[], run: string) {
  const emitted: Outbound[][] = [];
  for (const msg of msgs) {
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      emitted.push(await handle(msg, tx));
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
  }
  const { rows } = await db.pool.query('SELECT status, format, invoice_number, findings, summary FROM invoices WHERE id LIKE $1 ORDER BY id', [`inv_${run}_%`]);
  const events = emitted.map((out) => out.map((o) => ({ topic: o.topic, type: o.envelope.type, payload: o.envelope.payload })));
  return JSON.parse(JSON.stringify({ rows, events }).replaceAll(`inv_${run}_`, 'inv_').replace(/"at":"[^"]+"/g, '"at":""').replaceAll(`msg_inv_`, 'msg_')) as unknown;
}

describe('validator: checks made ahead in a batch', () => {
  it('give what checks made one by one give, with each blob read once and the large document checked alone', async () => {
    const shares: number[] = [];
    const deps = { blobs, catalog, limits: {}, frRules: 'warn' as const, batchBytes: BATCH_BYTES };
    const byOne = await handleEach(validateHandler(deps).handle, await received('one'), 'one');
    // Out of the way of the duplicate-number check, which would otherwise find the next run's numbers taken.
    await db.pool.query(`UPDATE invoices SET status = 'rejected' WHERE id LIKE 'inv_one_%'`);
    reads.length = 0;

    const batched = validateHandler({ ...deps, onCheck: (_, seconds) => shares.push(seconds) });
    const msgs = await received('batch');
    await batched.prepare(msgs);
    // The four small ones were read and checked together; the large one waits for its turn.
    expect(reads).toEqual(keys.slice(0, 4));
    expect(shares).toHaveLength(4);
    expect(new Set(shares).size).toBe(1);
    const byBatch = await handleEach(batched.handle, msgs, 'batch');
    expect(reads).toEqual(keys);
    expect(shares).toHaveLength(5);

    expect(byBatch).toEqual(byOne);
    const rows = (byBatch as { rows: { status: string; findings: { rule: string }[] }[] }).rows;
    expect(rows.map((r) => r.status)).toContain('validated');
    expect(rows[3]).toMatchObject({ status: 'rejected', findings: [expect.objectContaining({ rule: 'XSD' })] });
  });
});
