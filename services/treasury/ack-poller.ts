/**
 * Fetches acknowledgments from a transmission platform (GET <ackUrl>?after=<cursor>, then each
 * file) and hands each one to the pipeline as a treasury.acknowledged event. The file is stored
 * by content and the event's id derives from it, so a file fetched twice is applied once; the
 * cursor moves in the same transaction as the event is written.
 */
import { deriveId } from '../../domain/ids.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { withTransaction, type Pool } from '../../platform/db/pool.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import { enqueue, type OutboxRelay } from '../../platform/kafka/outbox.ts';
import type { Logger } from '../../platform/log.ts';

export interface AckListing {
  seq: number;
  name: string;
  nomFic?: string;
  codCol?: string;
}

export function createAckPoller(deps: { ackUrl: string; pool: Pool; blobs: BlobStore; relay: OutboxRelay; log: Logger; timeoutMs: number }) {
  const source = deps.ackUrl;
  return async function poll(): Promise<number> {
    const cur = await deps.pool.query<{ cursor: string }>('SELECT cursor FROM ack_cursors WHERE source = $1', [source]);
    const after = cur.rows[0]?.cursor ?? '0';
    const res = await fetch(`${deps.ackUrl}?after=${encodeURIComponent(after)}`, { signal: AbortSignal.timeout(deps.timeoutMs) });
    if (!res.ok) throw new Error(`acknowledgment listing answered HTTP ${res.status}`);
    const listing = (await res.json()) as AckListing[];
    for (const item of listing.sort((a, b) => a.seq - b.seq)) {
      const file = await fetch(`${deps.ackUrl}/${item.seq}`, { signal: AbortSignal.timeout(deps.timeoutMs) });
      if (!file.ok) throw new Error(`acknowledgment ${item.seq} answered HTTP ${file.status}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const blobKey = await deps.blobs.put(bytes);
      await withTransaction(deps.pool, async (tx) => {
        const fresh = await tx.query('INSERT INTO acknowledgments (blob_key, source, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [blobKey, source, item.name]);
        if (fresh.rowCount === 1) {
          const ev = EVENTS.treasuryAcknowledged;
          await enqueue(tx, [
            {
              topic: ev.topic,
              envelope: createEnvelope(ev, {
                id: deriveId('msg', 'treasury.acknowledged', blobKey),
                // Keyed by the flow: its ACK and its PES_Retour are applied in the order they came.
                key: item.nomFic ? `${item.codCol ?? ''}:${item.nomFic}` : blobKey,
                correlationId: blobKey,
                payload: { blobKey, source, name: item.name, receivedAt: new Date().toISOString() },
              }),
            },
          ]);
        }
        await tx.query('INSERT INTO ack_cursors (source, cursor) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET cursor = $2', [source, String(item.seq)]);
      });
      deps.log.info({ source, name: item.name, blobKey }, 'acknowledgment received');
    }
    if (listing.length > 0) await deps.relay.flush();
    return listing.length;
  };
}
