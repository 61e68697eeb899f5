/**
 * treasury.acknowledged → the verdicts of a PES_ACQUIT applied to the flow it answers and to
 * every invoice in it: accepted by the treasury, or rejected with the DGFiP anomalies that
 * concern it (the whole file, its bordereau, its pièce, its PJ). A bordereau the
 * acknowledgment does not mention leaves its invoices as they were.
 */
import { invoiceVerdict, outcomeOf, RETOUR_EVENTS, retourOutcome, type RetourOutcome } from '../../domain/acquit/outcome.ts';
import { readAcquit, readRetour } from '../../domain/acquit/reader.ts';
import { deriveIdUnique } from '../../domain/pes/pj.ts';
import { EVENT_TARGET } from '../../domain/status/machine.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { payloadOf } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import { changeStatus } from '../../platform/store/invoices.ts';

/** Where each invoice of a flow stands in it: its bordereau, its pièce, its PJ. */
interface Placed {
  invoice_id: string;
  exer: string;
  id_bord: number;
  id_pce: number | null;
  id_coll: string;
}

/**
 * PES_Retour: per pièce, what the accountant decided (domain/acquit RETOUR_EVENTS): settled or
 * paid → paid; rejected → rejected by the treasury; taken in charge → accepted. A pièce still in
 * instance changes nothing; a decision the invoice is already past changes nothing either.
 */
async function applyRetour(tx: Tx, r: RetourOutcome, msg: Inbound): Promise<Outbound[]> {
  const out: Outbound[] = [];
  for (const pc of r.pieces) {
    const event = pc.decision === undefined ? undefined : RETOUR_EVENTS[pc.decision];
    if (!event) continue;
    const { rows } = await tx.query<{ invoice_id: string }>(
      `SELECT p.invoice_id FROM pieces p JOIN bordereaux b ON b.id = p.bordereau_id
       WHERE b.id_coll = $1 AND b.cod_col = $2 AND b.exer = $3 AND b.id_bord = $4 AND p.id_pce = $5`,
      [r.file.idColl ?? '', r.file.codCol ?? '', pc.exer, Number(pc.idBord) || 0, Number(pc.idPce) || 0],
    );
    if (!rows[0]) {
      msg.log.warn({ piece: { exer: pc.exer, idBord: pc.idBord, idPce: pc.idPce } }, 'PES_Retour names a pièce this system did not send; ignored');
      continue;
    }
    const detail = { nomFic: r.file.nomFic, etatPce: pc.etatPce, ...(pc.paid ? { paid: pc.paid.total, paidOn: pc.paid.lastPaidOn } : {}), ...(pc.rejection ? { rejection: pc.rejection } : {}) };
    out.push(...(await changeStatus(tx, { invoiceId: rows[0].invoice_id, to: EVENT_TARGET[event], cause: msg.envelope.id, source: 'treasury', detail })));
  }
  return out;
}

export function acknowledgeHandler(deps: { blobs: BlobStore }) {
  return async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const p = payloadOf(EVENTS.treasuryAcknowledged, msg.envelope);
    const bytes = await deps.blobs.get(p.blobKey);
    const record = (fields: { nomFic?: string | undefined; codCol?: string | undefined; outcome?: unknown; findings: unknown }) =>
      tx.query('UPDATE acknowledgments SET nom_fic = $2, cod_col = $3, outcome = $4, findings = $5, applied_at = now() WHERE blob_key = $1', [
        p.blobKey,
        fields.nomFic ?? null,
        fields.codCol ?? null,
        fields.outcome === undefined ? null : JSON.stringify(fields.outcome),
        JSON.stringify(fields.findings),
      ]);

    if (/<(\w+:)?PES_Retour\b/.test(Buffer.from(bytes.subarray(0, 1024)).toString('latin1'))) {
      const { retour, findings } = readRetour(bytes);
      const r = retour && retourOutcome(retour);
      await record({ nomFic: r?.file.nomFic, codCol: r?.file.codCol, outcome: r, findings });
      return r ? applyRetour(tx, r, msg) : [];
    }

    const { ack, findings } = readAcquit(bytes);
    if (!ack) {
      msg.log.error({ blobKey: p.blobKey, findings }, 'unreadable acknowledgment kept aside');
      await record({ findings });
      return [];
    }
    if (findings.length > 0) msg.log.warn({ findings: findings.map((f) => f.message) }, 'acknowledgment deviates from the schema; read anyway');
    const outcome = outcomeOf(ack);
    const { nomFic, codCol } = outcome.file;
    await record({ nomFic, codCol, outcome, findings });
    const t = (await tx.query<{ nom_fic: string; cod_col: string }>('SELECT nom_fic, cod_col FROM transmissions WHERE nom_fic = $1 AND cod_col = $2 FOR UPDATE', [nomFic ?? '', codCol ?? ''])).rows[0];
    if (!t) {
      msg.log.warn({ nomFic, codCol }, 'acknowledgment of a flow this system did not send; kept, not applied');
      return [];
    }
    const placed = await tx.query<Placed>(
      `SELECT p.invoice_id, b.exer, b.id_bord, p.id_pce, b.id_coll FROM pieces p JOIN bordereaux b ON b.id = p.bordereau_id WHERE b.nom_fic = $1 AND b.cod_col = $2`,
      [t.nom_fic, t.cod_col],
    );
    const out: Outbound[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const row of placed.rows) {
      const verdict = invoiceVerdict(outcome, {
        exer: row.exer,
        idBord: String(row.id_bord),
        ...(row.id_pce === null ? {} : { idPce: String(row.id_pce) }),
        idUnique: deriveIdUnique(row.id_coll, row.invoice_id),
      });
      if (!verdict) continue;
      if (verdict.event === 'treasury_accepted') accepted++;
      else rejected++;
      const detail = { nomFic: t.nom_fic, ...(verdict.anomalies.length ? { anomalies: verdict.anomalies } : {}) };
      out.push(...(await changeStatus(tx, { invoiceId: row.invoice_id, to: EVENT_TARGET[verdict.event], cause: msg.envelope.id, source: 'treasury', detail })));
    }
    const status = rejected === 0 ? 'accepted' : accepted === 0 ? 'rejected' : 'partially_accepted';
    await tx.query('UPDATE transmissions SET status = $3 WHERE nom_fic = $1 AND cod_col = $2', [t.nom_fic, t.cod_col, status]);
    msg.log.info({ nomFic: t.nom_fic, status, accepted, rejected }, 'acknowledgment applied');
    return out;
  };
}
