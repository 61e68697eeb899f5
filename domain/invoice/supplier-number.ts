/**
 * A supplier numbers its invoices uniquely (EN 16931 BT-1): two documents with the same supplier
 * and number are one invoice, whatever their bytes, and paying both would pay it twice. This key
 * names that pair. The gateway keys `invoice.received` with it, so such documents meet on one
 * partition in the order they were received, and the validator's duplicate check ("the first one
 * wins") decides the same way on every run and every replay.
 */
import { deriveId } from '../ids.ts';
import type { InvoiceSummary } from '../events.ts';
import { normalizeId } from '../mandate/matching.ts';
import type { XmlElement } from '../xml/tree.ts';
import { readDocument } from './en16931.ts';
import { summarize } from './summary.ts';

export const supplierNumberKey = (s: Pick<InvoiceSummary, 'seller' | 'number'>): string =>
  deriveId('supnum', normalizeId(s.seller.id ?? ''), s.number);

/**
 * The key of a document not validated yet, read exactly as the validator will read it once
 * valid. Undefined when there is no number to key on: BR-02 rejects such a document anyway.
 */
export function readSupplierNumberKey(root: XmlElement | undefined, syntax: 'ubl' | 'cii'): string | undefined {
  const invoice = readDocument(root, syntax);
  return invoice?.number ? supplierNumberKey(summarize(invoice)) : undefined;
}
