/**
 * Invoices and their status trail in PostgreSQL. Every status change is appended to
 * invoice_status_history (never updated) and emitted as an invoice.status-changed event,
 * in the caller's transaction.
 */
import { deriveId } from '../../domain/ids.ts';
import { InvoiceStatus, transition } from '../../domain/status/machine.ts';
import { PermanentError } from '../kafka/runner.ts';
import type { Tx } from '../db/pool.ts';
import { createEnvelope } from '../kafka/envelope.ts';
import { EVENTS } from '../kafka/events.ts';
import type { Outbound } from '../kafka/outbox.ts';

export interface NewInvoice {
  id: string;
  contentHash: string;
  byteSize: number;
  mediaType: string;
  fileName?: string;
}

/** Inserts the invoice if its content is new; returns false for a duplicate upload. */
export async function insertInvoice(tx: Tx, inv: NewInvoice, status: string): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO invoices (id, content_hash, byte_size, media_type, file_name, status)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (content_hash) DO NOTHING`,
    [inv.id, inv.contentHash, inv.byteSize, inv.mediaType, inv.fileName ?? null, status],
  );
  return r.rowCount === 1;
}

export interface StatusChange {
  invoiceId: string;
  to: InvoiceStatus;
  /** Id of the message (or request) that caused the change. */
  cause: string;
  source: string;
  detail?: Record<string, unknown>;
  /** Extra columns to set on the invoice row with the change. */
  facts?: { format?: string; invoiceNumber?: string; sellerId?: string; buyerId?: string; findings?: unknown; summary?: unknown };
}

/**
 * Appends a status change and returns its event, as the state machine (domain/status) allows.
 * A change to the status the invoice already has is a no-op (returns no event): redelivered
 * causes never double the trail. A change the machine forbids is a bug upstream: it is refused.
 */
export async function changeStatus(tx: Tx, change: StatusChange): Promise<Outbound[]> {
  const cur = await tx.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1 FOR UPDATE', [change.invoiceId]);
  const from = cur.rows[0]?.status;
  if (from === undefined) throw new PermanentError('INVOICE_UNKNOWN', `unknown invoice ${change.invoiceId}`);
  const t = transition(InvoiceStatus.parse(from), change.to);
  if (!t.ok) throw new PermanentError('STATUS_TRANSITION_INVALID', `invoice ${change.invoiceId}: ${t.reason}`);
  if (!t.changed) return [];
  const f = change.facts ?? {};
  const at = new Date();
  await tx.query(
    `UPDATE invoices SET status = $2, status_at = $3,
       format = COALESCE($4, format), invoice_number = COALESCE($5, invoice_number),
       seller_id = COALESCE($6, seller_id), buyer_id = COALESCE($7, buyer_id), findings = COALESCE($8, findings),
       summary = COALESCE($9, summary)
     WHERE id = $1`,
    [
      change.invoiceId,
      change.to,
      at,
      f.format ?? null,
      f.invoiceNumber ?? null,
      f.sellerId ?? null,
      f.buyerId ?? null,
      f.findings === undefined ? null : JSON.stringify(f.findings),
      f.summary === undefined ? null : JSON.stringify(f.summary),
    ],
  );
  return [await appendHistory(tx, { ...change, from: InvoiceStatus.parse(from), at })];
}

/** The first status of a new invoice. */
export async function recordInitialStatus(tx: Tx, change: StatusChange): Promise<Outbound> {
  return appendHistory(tx, { ...change, from: null, at: new Date() });
}

async function appendHistory(tx: Tx, c: StatusChange & { from: InvoiceStatus | null; at: Date }): Promise<Outbound> {
  await tx.query(
    'INSERT INTO invoice_status_history (invoice_id, from_status, to_status, at, cause, source, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [c.invoiceId, c.from, c.to, c.at, c.cause, c.source, c.detail === undefined ? null : JSON.stringify(c.detail)],
  );
  const ev = EVENTS.invoiceStatusChanged;
  return {
    topic: ev.topic,
    envelope: createEnvelope(ev, {
      id: deriveId('status', c.invoiceId, c.to, c.cause),
      key: c.invoiceId,
      correlationId: c.invoiceId,
      causationId: c.cause,
      occurredAt: c.at,
      payload: {
        invoiceId: c.invoiceId,
        from: c.from,
        to: c.to,
        at: c.at.toISOString(),
        cause: c.cause,
        source: c.source,
        ...(c.detail ? { detail: c.detail } : {}),
      },
    }),
  };
}

export interface InvoiceView {
  id: string;
  status: string;
  statusAt: string;
  receivedAt: string;
  byteSize: number;
  mediaType: string;
  fileName: string | null;
  format: string | null;
  invoiceNumber: string | null;
  sellerId: string | null;
  buyerId: string | null;
  findings: unknown;
  summary: unknown;
  history: { from: string | null; to: string; at: string; cause: string; source: string; detail: unknown }[];
}

export async function getInvoice(db: Pick<Tx, 'query'>, id: string): Promise<InvoiceView | undefined> {
  const inv = await db.query<Record<string, unknown>>(
    `SELECT id, status, status_at, received_at, byte_size, media_type, file_name, format, invoice_number, seller_id, buyer_id, findings, summary
     FROM invoices WHERE id = $1`,
    [id],
  );
  const r = inv.rows[0];
  if (!r) return undefined;
  const hist = await db.query<{ from_status: string | null; to_status: string; at: Date; cause: string; source: string; detail: unknown }>(
    'SELECT from_status, to_status, at, cause, source, detail FROM invoice_status_history WHERE invoice_id = $1 ORDER BY seq',
    [id],
  );
  return {
    id: r.id as string,
    status: r.status as string,
    statusAt: (r.status_at as Date).toISOString(),
    receivedAt: (r.received_at as Date).toISOString(),
    byteSize: r.byte_size as number,
    mediaType: r.media_type as string,
    fileName: r.file_name as string | null,
    format: r.format as string | null,
    invoiceNumber: r.invoice_number as string | null,
    sellerId: r.seller_id as string | null,
    buyerId: r.buyer_id as string | null,
    findings: r.findings,
    summary: r.summary,
    history: hist.rows.map((h) => ({ from: h.from_status, to: h.to_status, at: h.at.toISOString(), cause: h.cause, source: h.source, detail: h.detail })),
  };
}
