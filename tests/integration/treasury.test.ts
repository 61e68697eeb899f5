/**
 * Delivery to a treasury post through an HTTP transmission platform (the simulator) that fails
 * in each way real ones do. Whatever happens, the platform sees each flow (NomFic, CodCol) once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Kafka, Producer } from 'kafkajs';
import { deriveId } from '../../domain/ids.ts';
import { examplePesAller } from '../../domain/pes/testing.ts';
import { writePesAller } from '../../domain/pes/writer.ts';
import { FsBlobStore } from '../../platform/blobs.ts';
import { createKafka, createProducer } from '../../platform/kafka/client.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import { createLogger } from '../../platform/log.ts';
import type { RunningService } from '../../platform/service.ts';
import { startSimulator } from '../../services/treasury-simulator/start.ts';
import type { SimulatorOptions } from '../../services/treasury-simulator/server.ts';
import { useMigratedDatabase } from '../support/database.ts';
import { startInProcess } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const db = useMigratedDatabase('treasury');
let kafka: Kafka;
let producer: Producer;
let seq = 0;

beforeAll(async () => {
  kafka = createKafka('treasury-test', db.ns.brokers, createLogger('treasury-test', 'silent'));
  producer = await createProducer(kafka);
});

afterAll(async () => {
  await producer?.disconnect();
});

/** A PES file in the blob store and its pes.ready event, as the bordereau service would emit them. */
async function publishPes(): Promise<{ nomFic: string }> {
  seq++;
  const pes = examplePesAller();
  const nomFic = `PESALR2_${pes.EnTetePES.IdColl}_261123_${String(seq).padStart(3, '0')}`;
  pes.Enveloppe.Parametres.NomFic = nomFic;
  pes.PES_DepenseAller!.Bordereau[0]!.BlocBordereau.IdBord = String(seq);
  const bytes = writePesAller(pes);
  const blobKey = await new FsBlobStore(db.ns.env.BLOB_DIR!).put(bytes);
  const ev = EVENTS.pesReady;
  const env = createEnvelope(ev, {
    id: deriveId('msg', 'pes.ready', nomFic),
    key: pes.EnTetePES.IdPost,
    correlationId: nomFic,
    payload: { nomFic, codCol: pes.EnTetePES.CodCol, idPost: pes.EnTetePES.IdPost, idColl: pes.EnTetePES.IdColl, blobKey, byteSize: bytes.byteLength, bordereaux: [], invoiceIds: [] },
  });
  // Sent twice: a redelivery must not make a second transmission either.
  for (let i = 0; i < 2; i++) await producer.send({ topic: db.ns.prefix + ev.topic, messages: [{ key: env.key, value: JSON.stringify(env) }] });
  return { nomFic };
}

async function withTreasury(options: Partial<SimulatorOptions>, run: (sim: Awaited<ReturnType<typeof startSimulator>>) => Promise<void>) {
  const sim = await startSimulator(options);
  const routes = join(db.ns.dir, `routes-${seq}.json`);
  writeFileSync(routes, JSON.stringify({ default: { type: 'http', url: `${sim.url}/pes`, timeoutMs: 1500 } }));
  const svc: RunningService = await startInProcess('treasury', { ...db.ns.env, TREASURY_ROUTES_FILE: routes });
  try {
    await run(sim);
  } finally {
    await svc.stop();
    await sim.app.close();
  }
}

const transmitted = async (nomFic: string) => (await db.pool.query('SELECT 1 FROM transmissions WHERE nom_fic = $1', [nomFic])).rowCount === 1;

describe('treasury delivery', () => {
  it('delivers once when the platform is healthy, even when the event comes twice', async () => {
    await withTreasury({}, async (sim) => {
      const { nomFic } = await publishPes();
      await waitFor(() => transmitted(nomFic), 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(sim.received.filter((r) => r.nomFic === nomFic)).toHaveLength(1);
    });
  });

  it.each([
    ['refuses before reading (503)', { fail: 'before', failCount: 2 }],
    ['fails after storing the file (500)', { fail: 'after', failCount: 1 }],
    ['answers too late (timeout)', { fail: 'timeout', failCount: 1, hangMs: 5000 }],
  ] as const)('retries when the platform %s, and the platform still sees the flow once', async (_label, options) => {
    await withTreasury(options, async (sim) => {
      const { nomFic } = await publishPes();
      await waitFor(() => transmitted(nomFic), 60_000, `${nomFic} to be recorded as transmitted`);
      expect(sim.received.filter((r) => r.nomFic === nomFic)).toHaveLength(1);
      const dead = await db.pool.query('SELECT 1 FROM dead_letters');
      expect(dead.rowCount).toBe(0);
    });
  });
});

describe('treasury operations', () => {
  it('holds a post to its budget (a second file waits for the window to slide) and shows it per post', async () => {
    const sim = await startSimulator({});
    const routes = join(db.ns.dir, 'routes-throttled.json');
    writeFileSync(routes, JSON.stringify({ default: { type: 'http', url: `${sim.url}/pes`, throttle: { files: 1, bytes: 10_000_000, windowSeconds: 3 } } }));
    // Earlier tests sent to this post: let their window pass.
    await new Promise((r) => setTimeout(r, 3000));
    const treasury = await startInProcess('treasury', { ...db.ns.env, TREASURY_ROUTES_FILE: routes });
    try {
      const a = await publishPes();
      const b = await publishPes();
      await waitFor(async () => (await transmitted(a.nomFic)) && (await transmitted(b.nomFic)), 30_000, 'both files to be sent');
      const times = await db.pool.query<{ sent_at: Date }>('SELECT sent_at FROM transmissions WHERE nom_fic = ANY($1) ORDER BY sent_at', [[a.nomFic, b.nomFic]]);
      expect(times.rows[1]!.sent_at.getTime() - times.rows[0]!.sent_at.getTime()).toBeGreaterThanOrEqual(2500); // one file per 3 s window
      const ops = (await (await fetch(`${treasury.url}/operations/posts`)).json()) as { idPost: string; inFlight: number; deadLettered: number }[];
      expect(ops).toEqual([expect.objectContaining({ idPost: '031007', deadLettered: 0 })]);
      expect(ops[0]!.inFlight).toBeGreaterThanOrEqual(2);
    } finally {
      await treasury.stop();
      await sim.app.close();
    }
  });
});
