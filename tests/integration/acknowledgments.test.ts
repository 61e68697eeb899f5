/**
 * The treasury's answers back into every invoice's status: through the simulator, which
 * rejects every second bordereau, each invoice ends accepted or rejected by the treasury with
 * the DGFiP anomaly, its trail complete and append-only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../platform/db/pool.ts';
import type { RunningService } from '../../platform/service.ts';
import type { InvoiceView } from '../../platform/store/invoices.ts';
import { startSimulator } from '../../services/treasury-simulator/start.ts';
import { frenchInvoice, frenchMandate, seedDirectory } from '../support/fixtures.ts';
import { createNamespace, type TestNamespace } from '../support/namespace.ts';
import { startInProcess } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

let ns: TestNamespace;
let pool: Pool;
let sim: Awaited<ReturnType<typeof startSimulator>>;
const running: RunningService[] = [];
let gatewayUrl: string;

beforeAll(async () => {
  ns = await createNamespace('acks');
  pool = createPool(ns.databaseUrl);
  sim = await startSimulator({ latencyMs: 50, rejectBordereauEvery: 2, payAfterMs: 300 });
  const routes = join(ns.dir, 'routes.json');
  writeFileSync(routes, JSON.stringify({ default: { type: 'http', url: `${sim.url}/pes`, ackUrl: `${sim.url}/acquits`, ackPollSeconds: 0.5 } }));
  const env = { ...ns.env, TREASURY_ROUTES_FILE: routes, BORDEREAU_MAX_PIECES: '1' };
  const gw = await startInProcess('gateway', env);
  gatewayUrl = gw.url;
  running.push(gw);
  await seedDirectory(pool);
  for (const name of ['validator', 'bordereau', 'treasury'] as const) running.push(await startInProcess(name, env));
});

afterAll(async () => {
  for (const s of running.reverse()) await s.stop();
  await sim?.app.close();
  await pool?.end();
  await ns?.drop();
});

describe('acknowledgments', () => {
  it('brings each bordereau verdict, then the payments, back to its invoices, with the anomaly for the rejected ones', async () => {
    const ids: string[] = [];
    for (const n of ['FA-2026-20001', 'FA-2026-20002', 'FA-2026-20003', 'FA-2026-20004']) {
      const res = await fetch(`${gatewayUrl}/invoices`, { method: 'POST', body: frenchInvoice(n), headers: { 'content-type': 'application/xml' } });
      ids.push(((await res.json()) as { id: string }).id);
      await fetch(`${gatewayUrl}/mandates`, { method: 'POST', body: JSON.stringify(frenchMandate(n)), headers: { 'content-type': 'application/json' } });
    }
    const view = async (id: string) => (await (await fetch(`${gatewayUrl}/invoices/${id}`)).json()) as InvoiceView;
    const done = async () => (await Promise.all(ids.map(view))).every((v) => v.status === 'paid' || v.status === 'rejected_by_treasury');
    await waitFor(done, 60_000, 'every invoice to be paid or rejected by the treasury');
    const views = await Promise.all(ids.map(view));
    const statuses = views.map((v) => v.status).sort();
    expect(statuses).toEqual(['paid', 'paid', 'rejected_by_treasury', 'rejected_by_treasury']);
    const road = ['received', 'validated', 'waiting_for_mandate', 'mandated', 'in_bordereau', 'sent'];
    for (const v of views) {
      expect(v.history.map((h) => h.to)).toEqual(v.status === 'paid' ? [...road, 'accepted_by_treasury', 'paid'] : [...road, 'rejected_by_treasury']);
      if (v.status === 'paid') expect(v.history.at(-1)!.detail).toMatchObject({ paid: '374.40', etatPce: '05' });
      const last = v.history.at(-1)!;
      expect(last.source).toBe('treasury');
      if (v.status === 'rejected_by_treasury') {
        expect((last.detail as { anomalies: { code: string; libelle: string }[] }).anomalies[0]).toMatchObject({ code: 'ERREUR_AUTRE', libelle: expect.stringMatching(/^1971 - /) as string });
      }
    }
    expect(sim.received).toHaveLength(4); // one transmission per flow
    // One acknowledgment per flow, and one PES_Retour per accepted flow, each applied once.
    const acks = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM acknowledgments WHERE applied_at IS NOT NULL');
    expect(acks.rows[0]!.n).toBe(6);
    const t = await pool.query<{ status: string }>('SELECT status FROM transmissions ORDER BY nom_fic');
    expect(t.rows.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
  });
});
