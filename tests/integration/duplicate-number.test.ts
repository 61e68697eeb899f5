/**
 * Two documents of one invoice (same supplier, same number, other bytes) on real Kafka and
 * PostgreSQL: the one received first is kept and the other rejected as a duplicate, whatever
 * order the validator's partitions are handled in. Everything is uploaded before the validator
 * starts, so it meets a full backlog on all twelve partitions, handled three at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../platform/store/invoices.ts';
import { frenchInvoice } from '../support/fixtures.ts';
import { startGateway, type GatewayUnderTest } from '../support/gateway.ts';
import { startInProcess } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

let gw: GatewayUnderTest;

const upload = async (bytes: Buffer): Promise<string> => {
  const res = await fetch(`${gw.url}/invoices`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/xml' } });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
};
const invoice = async (id: string) => (await (await fetch(`${gw.url}/invoices/${id}`)).json()) as InvoiceView;

/** The same invoice sent again: the supplier id spaced out and a comment added, so other bytes. */
const resent = (number: string): Buffer =>
  Buffer.from(frenchInvoice(number).toString('utf8').replaceAll('73282932000074', '732 829 320 00074').replace('</Invoice>', '</Invoice>\n<!-- sent again -->'));

beforeAll(async () => {
  gw = await startGateway('duplicates');
});

afterAll(() => gw?.close());

describe('a second document of one invoice', () => {
  it('is rejected as a duplicate of the one received first, on every partition order', async () => {
    const numbers = Array.from({ length: 16 }, (_, i) => `FA-2026-2${String(i).padStart(4, '0')}`);
    const pairs: { first: string; second: string }[] = [];
    for (const n of numbers) pairs.push({ first: await upload(frenchInvoice(n)), second: await upload(resent(n)) });

    gw.running.push(await startInProcess('validator', gw.ns.env));
    const pending = async () => (await gw.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE status = 'received'`)).rows[0]!.n;
    await waitFor(async () => (await pending()) === 0, 60_000, 'every upload to be validated');

    for (const { first, second } of pairs) {
      expect((await invoice(first)).status).not.toBe('rejected');
      const dup = await invoice(second);
      expect(dup.status).toBe('rejected');
      expect(dup.findings).toEqual([expect.objectContaining({ rule: 'INVOICE-DUPLICATE', term: 'BT-1', message: expect.stringContaining(first) as string })]);
    }
  });
});
