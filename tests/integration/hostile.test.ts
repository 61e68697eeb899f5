/**
 * Hostile and broken uploads thrown at the running gateway and validator (real Kafka and
 * PostgreSQL): each ends rejected with its rule, readable at GET /invoices/:id, and the
 * valid invoice sent behind them still gets through: nothing crashes, stalls or leaks a file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lzwOf } from '../../domain/invoice/intake/encoders.ts';
import { billionLaughs, buildPdf, deepXml, doubleFlateBomb, externalEntity, flateFile } from '../../domain/invoice/intake/hostile.ts';
import type { InvoiceView } from '../../platform/store/invoices.ts';
import { frenchInvoice } from '../support/fixtures.ts';
import { startGateway, type GatewayUnderTest } from '../support/gateway.ts';
import { ROOT } from '../support/paths.ts';
import { startInProcess } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

let gw: GatewayUnderTest;
/** Small, so that the size cap is reached without moving megabytes around. */
const MAX_XML_BYTES = 200_000;

beforeAll(async () => {
  gw = await startGateway('hostile', { MAX_UPLOAD_BYTES: '1000000' });
  gw.running.push(await startInProcess('validator', { ...gw.ns.env, MAX_XML_BYTES: String(MAX_XML_BYTES) }));
});

afterAll(() => gw?.close());

const post = (body: Uint8Array | string, type = 'application/xml') => fetch(`${gw.url}/invoices`, { method: 'POST', body, headers: { 'content-type': type } });
const view = async (id: string) => (await (await fetch(`${gw.url}/invoices/${id}`)).json()) as InvoiceView & { findings: { rule: string; severity: string }[] | null };

describe('hostile uploads to the running service', () => {
  it('rejects each with its rule, and still validates the invoice sent after them', async () => {
    const hostileDir = join(ROOT, 'fixtures/hostile');
    const cases: [string, Uint8Array | string, string][] = [
      ...readdirSync(hostileDir)
        .filter((f) => f.endsWith('.xml'))
        .map((f): [string, Uint8Array, string] => [f, readFileSync(join(hostileDir, f)), f.split('.').at(-2)!]),
      ['billion laughs', billionLaughs(), 'XML-DOCTYPE'],
      ['external entity over http', externalEntity('http://127.0.0.1:9/steal'), 'XML-DOCTYPE'],
      ['10,000-deep nesting', deepXml(10_000), 'XML-TOO-DEEP'],
      ['over the XML size cap', `<Invoice>${' '.repeat(MAX_XML_BYTES)}</Invoice>`, 'XML-TOO-LARGE'],
      ['PDF whose attachment inflates to 4 GiB', buildPdf({ files: [{ name: 'factur-x.xml', stored: doubleFlateBomb(4), filter: '[/FlateDecode /FlateDecode]' }] }), 'FACTURX-BOMB'],
      ['PDF whose LZW-encoded attachment expands 1,000 times', buildPdf({ files: [{ name: 'factur-x.xml', stored: lzwOf(Buffer.alloc(4_000_000)), filter: '/LZWDecode' }] }), 'FACTURX-BOMB'],
      ['PDF without XML attachment', buildPdf({ files: [] }), 'FACTURX-NO-XML'],
      ['PDF encrypted', buildPdf({ files: [flateFile('factur-x.xml', frenchInvoice('FA-2026-55555'))], trailer: '/Encrypt << /Filter /Standard >>' }), 'PDF-ENCRYPTED'],
      // No cross-reference, 100,000 objects whose strings never close (900 KB): all of it for the repair scan.
      ['PDF crafted for the repair scan', Buffer.from(`%PDF-1.7\n${'1 0 obj ('.repeat(100_000)}\nstartxref\n0\n%%EOF\n`, 'latin1'), 'PDF-MALFORMED'],
      ['not XML', 'Bonjour, voici ma facture.', 'FORMAT-UNSUPPORTED'],
      ['malformed XML', `${frenchInvoice('FA-2026-66666').toString('utf8').slice(0, 900)}`, 'XML-MALFORMED'],
    ];
    const ids = new Map<string, { id: string; rule: string }>();
    for (const [label, body, rule] of cases) {
      const res = await post(body, label.startsWith('PDF') ? 'application/pdf' : 'application/xml');
      expect(res.status, label).toBe(202);
      ids.set(label, { id: ((await res.json()) as { id: string }).id, rule });
    }
    const valid = ((await (await post(frenchInvoice('FA-2026-77777'))).json()) as { id: string }).id;

    // Validated is as far as it goes here: matching with a mandate is the bordereau service's.
    await waitFor(async () => (await view(valid)).status === 'validated', 60_000, 'the valid invoice behind the hostile ones');
    for (const [label, { id, rule }] of ids) {
      await waitFor(async () => (await view(id)).status === 'rejected', 30_000, `${label} to be rejected`);
      const v = await view(id);
      expect(v.findings?.filter((f) => f.severity === 'fatal').map((f) => f.rule), label).toContain(rule);
    }
    // Refused messages are domain results, not failures: nothing was dead-lettered.
    expect((await gw.pool.query('SELECT 1 FROM dead_letters')).rowCount).toBe(0);
  });

  it('answers an empty body and one over the upload cap with a coded error, storing nothing', async () => {
    const before = (await gw.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices')).rows[0]!.n;
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'EMPTY_UPLOAD' } });
    const big = await post(Buffer.alloc(1_000_001, 0x20));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect((await gw.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices')).rows[0]!.n).toBe(before);
  });
});
