/**
 * A validated invoice and its mandate meet whichever arrives first: each side is stored, then
 * looked up by the other's key (supplier id + invoice number). Both handlers end in the same
 * `settle`, so the outcome does not depend on arrival order.
 */
import { payloadOf } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { changeStatus } from '../../platform/store/invoices.ts';
import type { InvoiceValidated, MandateSubmitted } from '../../domain/events.ts';
import { matchInvoice, normalizeId } from '../../domain/mandate/matching.ts';
import { pieceProblems } from '../../domain/bordereau/pes-file.ts';
import type { Assembler } from './assembly.ts';

/**
 * Both handlers take this lock first: without it, an invoice and its mandate handled at the
 * same moment would each miss the other (neither committed yet) and wait forever.
 */
const lockKey = (tx: Tx, sellerId: string, number: string) => tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify([sellerId, number])]);

interface Pair {
  invoice: InvoiceValidated;
  mandate: MandateSubmitted;
}

/** The mandate waiting for an invoice (supplier, number), and the reverse; both on indexes (tests/integration/query-plans). */
export const WAITING_MANDATE_SQL = `SELECT body FROM mandates WHERE seller_id = $1 AND invoice_number = $2 AND status = 'waiting_for_invoice' ORDER BY id LIMIT 1 FOR UPDATE`;
export const UNMATCHED_INVOICE_SQL = `SELECT body FROM matchable_invoices WHERE seller_id = $1 AND invoice_number = $2 AND mandate_id IS NULL ORDER BY invoice_id LIMIT 1 FOR UPDATE`;

export function onInvoiceValidated(assembler: Assembler) {
  return async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const inv = payloadOf(EVENTS.invoiceValidated, msg.envelope);
    const sellerId = normalizeId(inv.summary.seller.id ?? '');
    await lockKey(tx, sellerId, inv.summary.number);
    await tx.query(
      `INSERT INTO matchable_invoices (invoice_id, seller_id, invoice_number, buyer_id, body)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING`,
      [inv.invoiceId, sellerId, inv.summary.number, inv.collectivite?.siret ?? '', JSON.stringify(inv)],
    );
    const m = await tx.query<{ body: MandateSubmitted }>(WAITING_MANDATE_SQL, [sellerId, inv.summary.number]);
    const waiting = await changeStatus(tx, { invoiceId: inv.invoiceId, to: 'waiting_for_mandate', cause: msg.envelope.id, source: 'bordereau' });
    const mandate = m.rows[0]?.body;
    return mandate ? [...waiting, ...(await settle(tx, { invoice: inv, mandate }, msg, assembler))] : waiting;
  };
}

export function onMandateSubmitted(assembler: Assembler) {
  return async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const sub = payloadOf(EVENTS.mandateSubmitted, msg.envelope);
    const m = sub.mandate;
    const sellerId = normalizeId(m.invoice.sellerId);
    await lockKey(tx, sellerId, m.invoice.number);
    const inserted = await tx.query(
      `INSERT INTO mandates (id, reference, id_coll, exer, seller_id, invoice_number, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting_for_invoice') ON CONFLICT DO NOTHING`,
      [sub.mandateId, m.reference, m.idColl, m.exer, sellerId, m.invoice.number, JSON.stringify(sub)],
    );
    if (inserted.rowCount === 0) {
      msg.log.warn({ mandateId: sub.mandateId }, 'a mandate for this invoice already exists; ignored');
      return [];
    }
    const i = await tx.query<{ body: InvoiceValidated }>(UNMATCHED_INVOICE_SQL, [sellerId, m.invoice.number]);
    const invoice = i.rows[0]?.body;
    return invoice ? settle(tx, { invoice, mandate: sub }, msg, assembler) : [];
  };
}

async function settle(tx: Tx, { invoice, mandate }: Pair, msg: Inbound, assembler: Assembler): Promise<Outbound[]> {
  const problems = matchInvoice(mandate.mandate, invoice.summary, invoice.collectivite?.siret);
  if (problems.length === 0) {
    for (const p of pieceProblems(mandate.mandate, invoice, mandate.collectivite)) {
      problems.push({ code: 'PES_INVALID', message: `mandate field ${p.field}: ${p.message}` });
    }
  }
  if (problems.length > 0) {
    await tx.query(`UPDATE mandates SET status = 'mismatch', reason = $2 WHERE id = $1`, [mandate.mandateId, JSON.stringify({ invoiceId: invoice.invoiceId, problems })]);
    msg.log.warn({ mandateId: mandate.mandateId, invoiceId: invoice.invoiceId, problems }, 'mandate does not match its invoice');
    return changeStatus(tx, {
      invoiceId: invoice.invoiceId,
      to: 'mandate_mismatch',
      cause: msg.envelope.id,
      source: 'bordereau',
      detail: { mandateId: mandate.mandateId, problems },
    });
  }
  await tx.query(`UPDATE mandates SET status = 'matched', reason = NULL WHERE id = $1`, [mandate.mandateId]);
  await tx.query('UPDATE matchable_invoices SET mandate_id = $2 WHERE invoice_id = $1', [invoice.invoiceId, mandate.mandateId]);
  const out = await changeStatus(tx, { invoiceId: invoice.invoiceId, to: 'mandated', cause: msg.envelope.id, source: 'bordereau', detail: { mandateId: mandate.mandateId } });
  return [...out, ...(await assembler.addPiece(tx, { invoice, mandate }, { id: msg.envelope.id, at: new Date(msg.envelope.occurredAt) }))];
}
