/** pes.ready → the treasury post's endpoint, once per (NomFic, CodCol). */
import { deriveId } from '../../domain/ids.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { createEnvelope, payloadOf } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { changeStatus } from '../../platform/store/invoices.ts';
import type { Endpoint } from './endpoints.ts';
import type { Throttle } from './routes.ts';
import { waitBeforeSending } from './throttle.ts';

export interface Route {
  endpoint: Endpoint;
  throttle?: Throttle;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function transmitHandler(deps: { blobs: BlobStore; routeFor: (idPost: string) => Route }) {
  return async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const pes = payloadOf(EVENTS.pesReady, msg.envelope);
    // Lock the flow's row first: two deliveries of the same pes.ready cannot both transmit.
    const seen = await tx.query('SELECT 1 FROM transmissions WHERE nom_fic = $1 AND cod_col = $2 FOR UPDATE', [pes.nomFic, pes.codCol]);
    if (seen.rowCount !== 0) {
      msg.log.info({ nomFic: pes.nomFic }, 'flow already transmitted; nothing to do');
      return [];
    }
    const { endpoint, throttle } = deps.routeFor(pes.idPost);
    if (throttle) {
      // Wait in short steps, heartbeating, so a long window does not cost the group membership.
      for (let wait = await waitBeforeSending(tx, pes.idPost, pes.byteSize, throttle); wait > 0; wait = await waitBeforeSending(tx, pes.idPost, pes.byteSize, throttle)) {
        msg.log.info({ idPost: pes.idPost, waitMs: wait }, 'treasury post budget used up; waiting');
        await sleep(Math.min(wait, 3000));
        await msg.heartbeat();
      }
    }
    const bytes = await deps.blobs.get(pes.blobKey);
    const delivery = await endpoint.deliver({ nomFic: pes.nomFic, codCol: pes.codCol, idPost: pes.idPost, bytes });
    await tx.query(
      // clock_timestamp(): the moment it was sent, which the throttle counts (now() is when the transaction began).
      `INSERT INTO transmissions (nom_fic, cod_col, id_post, id_coll, blob_key, byte_size, endpoint, location, status, invoice_ids, bordereaux, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sent', $9, $10, clock_timestamp())`,
      [pes.nomFic, pes.codCol, pes.idPost, pes.idColl, pes.blobKey, pes.byteSize, endpoint.name, delivery.location, pes.invoiceIds, JSON.stringify(pes.bordereaux)],
    );
    msg.log.info({ nomFic: pes.nomFic, idPost: pes.idPost, location: delivery.location, already: delivery.already }, 'PES file transmitted');
    const out: Outbound[] = [];
    for (const invoiceId of pes.invoiceIds) {
      out.push(...(await changeStatus(tx, { invoiceId, to: 'sent', cause: msg.envelope.id, source: 'treasury', detail: { nomFic: pes.nomFic, location: delivery.location } })));
    }
    const ev = EVENTS.pesTransmitted;
    out.push({
      topic: ev.topic,
      envelope: createEnvelope(ev, {
        id: deriveId('msg', 'pes.transmitted', pes.nomFic, pes.codCol),
        key: pes.nomFic,
        correlationId: msg.envelope.correlationId,
        causationId: msg.envelope.id,
        payload: { nomFic: pes.nomFic, codCol: pes.codCol, idPost: pes.idPost, endpoint: endpoint.name, location: delivery.location, invoiceIds: pes.invoiceIds },
      }),
    });
    return out;
  };
}
