/**
 * Bordereau assembly. Matched pieces join the open bordereau of their group
 * (IdPost, IdColl, CodCol, CodBud, Exer, TypBord). A bordereau closes on size, on age or on
 * request; only then are its numbers given: IdBord from its gapless sequence, IdPce to its
 * pieces in mandate-id order from theirs. Times are event times, never the wall clock: a
 * bordereau opens at its first piece's event time and closes at the time of the event that
 * closed it (for age, opening + maximum age). The PES file is therefore a function of the
 * inputs: replaying them yields the same numbers and bytes, and a closed bordereau is never
 * written twice.
 */
import { deriveId } from '../../domain/ids.ts';
import type { InvoiceValidated, MandateSubmitted } from '../../domain/events.ts';
import { buildPesAller, nomFicFor, parisDate } from '../../domain/bordereau/pes-file.ts';
import { writePesAller } from '../../domain/pes/writer.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Pool, Tx } from '../../platform/db/pool.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Logger } from '../../platform/log.ts';
import { nextNumbers } from '../../platform/store/counters.ts';
import { changeStatus } from '../../platform/store/invoices.ts';

const TYP_BORD_ORDINAIRE = '01';

interface BordereauRow {
  id: string;
  id_post: string;
  id_coll: string;
  cod_col: string;
  cod_bud: string;
  exer: string;
  typ_bord: string;
  status: string;
  opened_at: Date;
}

/** The message (or request) that caused a change, and its event time. */
export interface Cause {
  id: string;
  at: Date;
}

export interface Assembler {
  addPiece(tx: Tx, pair: { invoice: InvoiceValidated; mandate: MandateSubmitted }, cause: Cause): Promise<Outbound[]>;
  close(tx: Tx, bordereauId: string, cause: Cause): Promise<Outbound[]>;
  /** Open bordereaux older than `maxAgeSeconds`, each with the time it became due. */
  due(pool: Pool, maxAgeSeconds: number): Promise<{ id: string; dueAt: Date }[]>;
}

/** Open bordereaux older than $1 seconds: polled on a timer, so on the partial index of open ones (tests/integration/query-plans). */
export const DUE_BORDEREAUX_SQL = `SELECT id, opened_at + make_interval(secs => $1) AS due_at FROM bordereaux
  WHERE status = 'open' AND opened_at < now() - make_interval(secs => $1) ORDER BY opened_at`;

export function createAssembler(deps: { blobs: BlobStore; maxPieces: number; log: Logger }): Assembler {
  const { blobs, maxPieces, log } = deps;

  async function close(tx: Tx, bordereauId: string, cause: Cause): Promise<Outbound[]> {
    const at = cause.at;
    const b = (await tx.query<BordereauRow>(`SELECT * FROM bordereaux WHERE id = $1 FOR UPDATE`, [bordereauId])).rows[0];
    if (!b || b.status !== 'open') return []; // closed already: closing is idempotent
    const pieces = (
      await tx.query<{ mandate_id: string; invoice: InvoiceValidated; mandate: MandateSubmitted }>(
        `SELECT p.mandate_id, i.body AS invoice, m.body AS mandate
         FROM pieces p JOIN matchable_invoices i ON i.invoice_id = p.invoice_id JOIN mandates m ON m.id = p.mandate_id
         WHERE p.bordereau_id = $1 ORDER BY p.mandate_id`,
        [b.id],
      )
    ).rows;
    const idBord = await nextNumbers(tx, `IdBord:${b.id_coll}:${b.cod_col}:${b.cod_bud}:${b.exer}:${b.typ_bord}`);
    const firstIdPce = await nextNumbers(tx, `IdPce:${b.id_coll}:${b.cod_col}:${b.cod_bud}:${b.exer}`, pieces.length);
    const date = parisDate(at);
    const fileSeq = await nextNumbers(tx, `NomFic:${b.id_coll}:${date}`);
    const nomFic = nomFicFor(b.id_coll, date, fileSeq);
    const collectivite = pieces[0]!.mandate.collectivite;
    const inputs = await Promise.all(
      pieces.map(async (p, i) => ({ idPce: firstIdPce + i, mandate: p.mandate.mandate, invoice: p.invoice, original: await blobs.get(p.invoice.blobKey) })),
    );
    const bytes = writePesAller(buildPesAller({ collectivite, exer: b.exer, typBord: b.typ_bord, idBord, nomFic, date, pieces: inputs }));
    const blobKey = await blobs.put(bytes);
    await tx.query(`UPDATE bordereaux SET status = 'closed', closed_at = $2, close_cause = $3, id_bord = $4, nom_fic = $5, blob_key = $6 WHERE id = $1`, [
      b.id,
      at,
      cause.id,
      idBord,
      nomFic,
      blobKey,
    ]);
    for (const [i, p] of pieces.entries()) await tx.query('UPDATE pieces SET id_pce = $2 WHERE mandate_id = $1', [p.mandate_id, firstIdPce + i]);
    log.info({ bordereau: b.id, idBord, nomFic, pieces: pieces.length, cause: cause.id }, 'bordereau closed');
    const ev = EVENTS.pesReady;
    const invoiceIds = pieces.map((p) => p.invoice.invoiceId);
    return [
      {
        topic: ev.topic,
        envelope: createEnvelope(ev, {
          id: deriveId('msg', 'pes.ready', b.id),
          key: b.id_post,
          correlationId: invoiceIds[0]!,
          causationId: cause.id,
          occurredAt: at,
          payload: {
            nomFic,
            codCol: b.cod_col,
            idPost: b.id_post,
            idColl: b.id_coll,
            blobKey,
            byteSize: bytes.byteLength,
            bordereaux: [{ exer: b.exer, idBord: String(idBord), codBud: b.cod_bud, typBord: b.typ_bord }],
            invoiceIds,
          },
        }),
      },
    ];
  }

  return {
    close,
    async addPiece(tx, { invoice, mandate }, cause) {
      const c = mandate.collectivite;
      const group = [c.idPost, c.siret, c.codCol, c.codBud, mandate.mandate.exer, TYP_BORD_ORDINAIRE] as const;
      let b = (
        await tx.query<BordereauRow>(
          `SELECT * FROM bordereaux WHERE id_post = $1 AND id_coll = $2 AND cod_col = $3 AND cod_bud = $4 AND exer = $5 AND typ_bord = $6 AND status = 'open' FOR UPDATE`,
          [...group],
        )
      ).rows[0];
      if (!b) {
        const id = deriveId('bord', ...group, mandate.mandateId);
        b = (
          await tx.query<BordereauRow>(
            `INSERT INTO bordereaux (id, id_post, id_coll, cod_col, cod_bud, exer, typ_bord, status, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING *`,
            [id, ...group, cause.at],
          )
        ).rows[0]!;
      }
      await tx.query('INSERT INTO pieces (mandate_id, invoice_id, bordereau_id) VALUES ($1, $2, $3)', [mandate.mandateId, invoice.invoiceId, b.id]);
      const out = await changeStatus(tx, { invoiceId: invoice.invoiceId, to: 'in_bordereau', cause: cause.id, source: 'bordereau', detail: { bordereauId: b.id } });
      const count = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pieces WHERE bordereau_id = $1', [b.id])).rows[0]!.n;
      if (count >= maxPieces) out.push(...(await close(tx, b.id, { id: `size:${cause.id}`, at: cause.at })));
      return out;
    },
    async due(pool, maxAgeSeconds) {
      const { rows } = await pool.query<{ id: string; due_at: Date }>(DUE_BORDEREAUX_SQL, [maxAgeSeconds]);
      return rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
    },
  };
}
