/**
 * The whole road on real Kafka and PostgreSQL: an uploaded invoice and its mandate become one
 * PES_Aller file at the treasury post, valid against the DGFiP schema, carrying the original.
 * Then a service is killed (-9) mid-stream and restarted: nothing is lost, nothing doubled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import type { InvoiceView } from '../../platform/store/invoices.ts';
import { frenchInvoice, frenchMandate } from '../support/fixtures.ts';
import { startGateway, type GatewayUnderTest } from '../support/gateway.ts';
import { SCHEMA_DIR } from '../support/paths.ts';
import { startChild, startInProcess, type ChildService } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

let gw: GatewayUnderTest;
let env: Record<string, string>;
let outbox: string;
const ID_POST = '069018';

const upload = async (bytes: Buffer) => {
  const res = await fetch(`${gw.url}/invoices`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/xml', 'x-file-name': 'facture.xml' } });
  return { status: res.status, body: (await res.json()) as { id: string; duplicate: boolean } };
};
const submit = async (mandate: unknown) => {
  const res = await fetch(`${gw.url}/mandates`, { method: 'POST', body: JSON.stringify(mandate), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as { id: string } };
};
const invoice = async (id: string) => (await (await fetch(`${gw.url}/invoices/${id}`)).json()) as InvoiceView;
const pesFiles = () => {
  try {
    return readdirSync(join(outbox, ID_POST)).filter((f) => f.endsWith('.xml'));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  gw = await startGateway('pipeline');
  outbox = join(gw.ns.dir, 'treasury-outbox');
  env = { ...gw.ns.env, TREASURY_OUTBOX_DIR: outbox, BORDEREAU_MAX_PIECES: '1', BORDEREAU_SWEEP_SECONDS: '0.5' };
});

afterAll(() => gw?.close());

describe('pipeline', () => {
  it('turns an upload and its mandate into one valid PES file; a duplicate upload creates nothing', async () => {
    for (const name of ['validator', 'bordereau', 'treasury'] as const) gw.running.push(await startInProcess(name, env));
    const first = await upload(frenchInvoice());
    expect(first.status).toBe(202);
    const again = await upload(frenchInvoice());
    expect(again).toEqual({ status: 200, body: { id: first.body.id, duplicate: true, status: expect.any(String) as string } });
    expect((await submit(frenchMandate())).status).toBe(202);

    await waitFor(async () => (await invoice(first.body.id)).status === 'sent', 60_000, 'the invoice to be sent');
    const view = await invoice(first.body.id);
    expect(view.history.map((h) => h.to)).toEqual(['received', 'validated', 'waiting_for_mandate', 'mandated', 'in_bordereau', 'sent']);
    expect(view.invoiceNumber).toBe('FA-2026-00042');

    const files = pesFiles();
    expect(files).toHaveLength(1);
    const pes = readFileSync(join(outbox, ID_POST, files[0]!));
    expect(openSchemaCatalog(SCHEMA_DIR).validator('pes-aller').validate(pes)).toEqual([]);
    const text = pes.toString('latin1');
    expect(text).toContain('<Facture V="FA-2026-00042"/>');
    expect(text).toContain('<IdTiers V="73282932000074"/>');
    expect(text).toMatch(/<Fichier MIMEType="[^"]+">H4sI/); // the original, gzip then base64
    const uploads = await gw.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices');
    expect(uploads.rows[0]!.n).toBe(1);
    // The validator's metric: one check, of a UBL invoice, that took some CPU time.
    const metrics = await (await fetch(`${gw.running.find((s) => s.name === 'validator')!.url}/metrics`)).text();
    const sample = (name: string) => Number(new RegExp(`^einvoice_invoice_check_cpu_seconds_${name}\\{[^}]*format="ubl-invoice"[^}]*\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(sample('count')).toBe(1);
    expect(sample('sum')).toBeGreaterThan(0);
  });

  it('loses and doubles nothing when a service is killed mid-stream and restarted', async () => {
    // The in-process validator, bordereau and treasury make way for child processes that can be killed.
    for (const s of gw.running.splice(1)) await s.stop();
    const logs = join(gw.ns.dir, 'services.log');
    const children: ChildService[] = ['validator', 'bordereau', 'treasury'].map((n) => startChild(n, env, logs));
    const numbers = Array.from({ length: 24 }, (_, i) => `FA-2026-1${String(i).padStart(4, '0')}`);
    const ids: string[] = [];
    for (const n of numbers) {
      ids.push((await upload(frenchInvoice(n))).body.id);
      expect((await submit(frenchMandate(n))).status).toBe(202);
    }
    // Kill the validator hard once it is part-way through, then the bordereau writer too.
    await waitFor(async () => (await gw.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE status <> 'received'`)).rows[0]!.n >= 6, 60_000);
    await children[0]!.kill('SIGKILL');
    await waitFor(async () => (await gw.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bordereaux WHERE status = 'closed'`)).rows[0]!.n >= 3, 60_000);
    await children[1]!.kill('SIGKILL');
    children[0] = startChild('validator', env, logs);
    children[1] = startChild('bordereau', env, logs);

    await waitFor(async () => (await gw.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE status = 'sent'`)).rows[0]!.n === 25, 90_000, 'every invoice to be sent');
    for (const c of children) await c.kill('SIGTERM');

    // One PES file per bordereau (one piece each here), each invoice in exactly one of them.
    const files = pesFiles();
    expect(files).toHaveLength(25);
    const facture = files.flatMap((f) => [...readFileSync(join(outbox, ID_POST, f), 'latin1').matchAll(/<Facture V="([^"]+)"\/>/g)].map((m) => m[1]));
    expect(facture.sort()).toEqual(['FA-2026-00042', ...numbers].sort());
    // Gapless, unique bordereau numbers.
    const bords = await gw.pool.query<{ id_bord: number }>(`SELECT id_bord FROM bordereaux ORDER BY id_bord`);
    expect(bords.rows.map((r) => r.id_bord)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // No status written twice.
    for (const id of ids) {
      const h = (await invoice(id)).history.map((x) => x.to);
      expect(h).toEqual(['received', 'validated', 'waiting_for_mandate', 'mandated', 'in_bordereau', 'sent']);
    }
  });
});
