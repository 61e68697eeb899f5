/** invoice.received → invoice.validated | invoice.rejected, and the invoice's status. */
import { deriveId } from '../../domain/ids.ts';
import { isFatal, type Finding } from '../../domain/finding.ts';
import { checkInvoice } from '../../domain/invoice/validate.ts';
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
  /** Told the CPU time each invoice's check took on this thread, and the format detected ('unknown' when none was). */
  onCheck?: (format: string, cpuSeconds: number) => void;
}

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

export function validateHandler(deps: ValidateDeps) {
  return async (msg: Inbound, tx: Tx): Promise<Outbound[]> => {
    const rec = payloadOf(EVENTS.invoiceReceived, msg.envelope);
    const bytes = await deps.blobs.get(rec.blobKey);
    const started = process.threadCpuUsage();
    const check = checkInvoice(bytes, { catalog: deps.catalog, limits: deps.limits });
    const used = process.threadCpuUsage(started);
    deps.onCheck?.(check.format ?? 'unknown', (used.user + used.system) / 1e6);
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
}
