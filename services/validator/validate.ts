/** invoice.received → invoice.validated | invoice.rejected, and the invoice's status. */
import { deriveId } from '../../domain/ids.ts';
import { isFatal, type Finding } from '../../domain/finding.ts';
import { checkInvoices, type InvoiceCheck } from '../../domain/invoice/validate.ts';
import type { Invoice } from '../../domain/invoice/model.ts';
import type { InvoiceSummary } from '../../domain/events.ts';
import { normalizeId } from '../../domain/mandate/matching.ts';
import { publicSectorFindings } from '../../domain/invoice/public-sector.ts';
import { supplierNumberKey } from '../../domain/invoice/supplier-number.ts';
import type { IntakeLimits } from '../../domain/invoice/intake/index.ts';
import type { SchemaCatalog } from '../../domain/xml/xsd.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { createEnvelope, payloadOf } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import type { Outbound } from '../../platform/kafka/outbox.ts';
import type { Inbound } from '../../platform/kafka/runner.ts';
import { collectiviteOf, findBuyer } from '../../platform/store/directory.ts';
import { changeStatus } from '../../platform/store/invoices.ts';

export interface ValidateDeps {
  blobs: BlobStore;
  catalog: SchemaCatalog;
  limits: Partial<IntakeLimits>;
  frRules: 'enforce' | 'warn';
  /** The most bytes of invoices `prepare` checks together; larger ones are checked alone. */
  batchBytes: number;
  /**
   * Told the CPU time each invoice's check took on this thread, and the format detected
   * ('unknown' when none was); a batch's time is shared evenly among its invoices.
   */
  onCheck?: (format: string, cpuSeconds: number) => void;
}

/** Checks on this thread, in CPU time, each told to `onCheck`. */
function timedChecks(batch: readonly Uint8Array[], deps: ValidateDeps): InvoiceCheck[] {
  const started = process.threadCpuUsage();
  const checks = checkInvoices(batch, { catalog: deps.catalog, limits: deps.limits });
  const used = process.threadCpuUsage(started);
  for (const c of checks) deps.onCheck?.(c.format ?? 'unknown', (used.user + used.system) / 1e6 / checks.length);
  return checks;
}

/**
 * Checks made ahead and not yet taken: at most a chunk for each of the partitions consumed at
 * once (three); more are checks whose messages went elsewhere (a rebalance), dropped oldest first.
 */
const AHEAD_LIMIT = 256;

const asWarning = (f: Finding): Finding => ({ ...f, severity: 'warning' });

/** The canonical invoice as it travels: embedded attachments (BT-125) stay in the stored original, not in every event. */
const withoutAttachmentContent = (inv: Invoice): Invoice => ({
  ...inv,
  supportingDocuments: inv.supportingDocuments.map((d) => (d.attachment ? { ...d, attachment: { ...d.attachment, content: '' } } : d)),
});

/**
 * Another live invoice of the supplier ($1, normalised) with the number ($2). The expression on
 * seller_id is the one migration 008 indexes: change both together (tests/integration/query-plans).
 */
export const DUPLICATE_NUMBER_SQL = `SELECT id FROM invoices WHERE upper(regexp_replace(seller_id, '\\s', '', 'g')) = $1 AND invoice_number = $2 AND id <> $3 AND status <> 'rejected' ORDER BY received_at LIMIT 1`;

/**
 * Another document with the same supplier and number is a duplicate (domain/invoice/supplier-number.ts).
 * The gateway puts such documents on one partition, in the order received, so the first one
 * received is the one kept. The lock makes two of them validated at the same moment (a partition
 * handed over between instances) see each other.
 */
async function duplicateNumber(tx: Tx, invoiceId: string, s: InvoiceSummary): Promise<Finding[]> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [supplierNumberKey(s)]);
  const { rows } = await tx.query<{ id: string }>(DUPLICATE_NUMBER_SQL, [normalizeId(s.seller.id ?? ''), s.number, invoiceId]);
  const first = rows[0];
  if (!first) return [];
  return [{ rule: 'INVOICE-DUPLICATE', severity: 'fatal', term: 'BT-1', message: `invoice ${s.number} of supplier ${s.seller.id ?? ''} was already received as ${first.id}: a document with the same supplier and number is a duplicate` }];
}

/**
 * `handle` judges one invoice in its transaction. `prepare` checks a chunk of invoices ahead,
 * together (domain/invoice/validate.ts, checkInvoices): the check needs no transaction, and a
 * batch costs less CPU per invoice. The check depends only on the bytes, which the blob key
 * names, so `handle` takes a check made ahead for its blob, or makes it.
 */
export function validateHandler(deps: ValidateDeps) {
  const ahead = new Map<string, InvoiceCheck>();
  const prepare = async (msgs: readonly Inbound[]): Promise<void> => {
    const keys: string[] = [];
    let bytes = 0;
    for (const msg of msgs) {
      const rec = payloadOf(EVENTS.invoiceReceived, msg.envelope);
      if (ahead.has(rec.blobKey) || keys.includes(rec.blobKey) || bytes + rec.byteSize > deps.batchBytes) continue;
      keys.push(rec.blobKey);
      bytes += rec.byteSize;
    }
    if (keys.length < 2) return; // nothing gained over checking it in its turn
    const checks = timedChecks(await Promise.all(keys.map((k) => deps.blobs.get(k))), deps);
    keys.forEach((k, i) => ahead.set(k, checks[i]!));
    for (const k of ahead.keys()) {
      if (ahead.size <= AHEAD_LIMIT) break;
      ahead.delete(k);
    }
  };
  const handle = async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const rec = payloadOf(EVENTS.invoiceReceived, msg.envelope);
    let check = ahead.get(rec.blobKey);
    if (check) ahead.delete(rec.blobKey);
    else check = timedChecks([await deps.blobs.get(rec.blobKey)], deps)[0]!;
    let findings = check.findings;
    let buyer;
    if (check.accepted && check.invoice && check.summary) {
      buyer = check.summary.buyer.id ? await findBuyer(tx, check.summary.buyer.id) : undefined;
      const fr = publicSectorFindings(check.invoice, buyer);
      findings = [...findings, ...(deps.frRules === 'warn' ? fr.map(asWarning) : fr), ...(await duplicateNumber(tx, rec.invoiceId, check.summary))];
    }
    const accepted = check.accepted && !findings.some(isFatal);
    const base = { invoiceId: rec.invoiceId, blobKey: rec.blobKey };
    const cause = msg.envelope.id;
    msg.log.info({ format: check.format, accepted, findings: findings.length, fatal: findings.filter(isFatal).map((f) => f.rule) }, 'invoice validated');
    if (accepted && check.invoice && check.summary && check.format) {
      const ev = EVENTS.invoiceValidated;
      const status = await changeStatus(tx, {
        invoiceId: rec.invoiceId,
        to: 'validated',
        cause,
        source: 'validator',
        facts: { format: check.format, invoiceNumber: check.summary.number, sellerId: check.summary.seller.id, buyerId: check.summary.buyer.id, findings, summary: check.summary },
      });
      return [
        ...status,
        {
          topic: ev.topic,
          envelope: createEnvelope(ev, {
            id: deriveId('msg', 'invoice.validated', rec.invoiceId),
            key: rec.invoiceId,
            correlationId: rec.invoiceId,
            causationId: cause,
            payload: {
              ...base,
              format: check.format,
              mediaType: rec.mediaType,
              ...(rec.fileName ? { fileName: rec.fileName } : {}),
              summary: check.summary,
              ...(buyer?.active ? { collectivite: collectiviteOf(buyer) } : {}),
              invoice: withoutAttachmentContent(check.invoice),
              warnings: findings,
            },
          }),
        },
      ];
    }
    const ev = EVENTS.invoiceRejected;
    const status = await changeStatus(tx, { invoiceId: rec.invoiceId, to: 'rejected', cause, source: 'validator', facts: { ...(check.format ? { format: check.format } : {}), findings } });
    return [
      ...status,
      {
        topic: ev.topic,
        envelope: createEnvelope(ev, {
          id: deriveId('msg', 'invoice.rejected', rec.invoiceId),
          key: rec.invoiceId,
          correlationId: rec.invoiceId,
          causationId: cause,
          payload: { ...base, ...(check.format ? { format: check.format } : {}), findings },
        }),
      },
    ];
  };
  return { handle, prepare };
}
