/**
 * A stand-in for a transmission platform and the treasury behind it, for tests and the demo:
 * a real HTTP server that takes PES_Aller files (POST /pes, NomFic and CodCol in headers, 409
 * for a flow it already has), judges them as a treasury post would, and after a delay makes a
 * PES_ACQUIT available (GET /acquits?after=N, GET /acquits/:id). It can be told to fail in the
 * ways real platforms do: refuse before reading, fail after storing, answer too late, reject
 * a bordereau.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { XsdValidator } from '../../domain/xml/xsd.ts';
import { Treasury, type Verdict } from './judge.ts';
import { readPesAller } from '../../domain/pes/reader.ts';
import { paidRetour } from './retour.ts';

export const SimulatorOptions = z.object({
  /** Delay before an acknowledgment is available. */
  latencyMs: z.coerce.number().int().min(0).default(200),
  /**
   * Injected failure: `before` answers 503 without keeping the file; `after` keeps it and then
   * answers 500; `timeout` keeps it and answers only after `hangMs`.
   */
  fail: z.enum(['none', 'before', 'after', 'timeout']).default('none'),
  /** Which uploads fail: every n-th (1 = all). */
  failEvery: z.coerce.number().int().min(1).default(1),
  /** How many uploads fail in all (then the platform is healthy again). */
  failCount: z.coerce.number().int().min(0).default(Number.MAX_SAFE_INTEGER),
  hangMs: z.coerce.number().int().min(0).default(60_000),
  /** Reject every n-th bordereau with a business anomaly (0: never). */
  rejectBordereauEvery: z.coerce.number().int().min(0).default(0),
  /** After this delay, the pièces of accepted bordereaux are paid: a PES_Retour says so (0: never). */
  payAfterMs: z.coerce.number().int().min(0).default(0),
  /** Keep received files and acknowledgments here too, for people to look at. */
  dir: z.string().optional(),
});
export type SimulatorOptions = z.infer<typeof SimulatorOptions>;

export interface Received {
  id: string;
  nomFic: string;
  codCol: string;
  bytes: Uint8Array;
  at: Date;
}

export interface Acquit {
  seq: number;
  name: string;
  nomFic: string;
  codCol: string;
  bytes: Uint8Array;
  verdict: Verdict;
}

export interface Simulator {
  app: FastifyInstance;
  received: Received[];
  acquits: Acquit[];
  options: SimulatorOptions;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createSimulator(deps: { xsd: XsdValidator; writeAck: (v: Verdict) => Uint8Array; options?: Partial<SimulatorOptions> }): Simulator {
  const options = SimulatorOptions.parse(deps.options ?? {});
  const treasury = new Treasury();
  const received: Received[] = [];
  const acquits: Acquit[] = [];
  let uploads = 0;
  let failures = 0;
  let bordereauxSeen = 0;
  if (options.dir) mkdirSync(join(options.dir, 'received'), { recursive: true });
  if (options.dir) mkdirSync(join(options.dir, 'acquits'), { recursive: true });

  const app = Fastify({ logger: false, bodyLimit: 200 * 1024 * 1024 });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const acknowledge = async (r: Received) => {
    await sleep(options.latencyMs);
    const verdict = treasury.judge(r.bytes, { nomFic: r.nomFic, codCol: r.codCol }, deps.xsd.validate(r.bytes), {
      rejectBordereau: () =>
        options.rejectBordereauEvery > 0 && ++bordereauxSeen % options.rejectBordereauEvery === 0
          ? { code: 'ERREUR_AUTRE', libelle: '1971 - La fonction n’est pas autorisée pour cette nature (simulation)' }
          : undefined,
    });
    publish(`ACK_${r.nomFic}.xml`, r, deps.writeAck(verdict), verdict);
    const accepted = new Set(verdict.bordereaux.filter((b) => b.accepted).map((b) => `${b.exer}/${b.idBord}`));
    if (options.payAfterMs === 0 || verdict.fileRejected || accepted.size === 0) return;
    await sleep(options.payAfterMs);
    const { pes } = readPesAller(r.bytes);
    const paidOnly = { ...pes, PES_DepenseAller: { ...pes.PES_DepenseAller!, Bordereau: pes.PES_DepenseAller!.Bordereau.filter((b) => accepted.has(`${b.BlocBordereau.Exer}/${b.BlocBordereau.IdBord}`)) } };
    publish(`RETOUR_${r.nomFic}.xml`, r, paidRetour(paidOnly, `RETOUR_${r.nomFic}`, new Date().toISOString().slice(0, 10)), verdict);
  };

  function publish(name: string, r: Received, bytes: Uint8Array, verdict: Verdict) {
    acquits.push({ seq: acquits.length + 1, name, nomFic: r.nomFic, codCol: r.codCol, bytes, verdict });
    if (options.dir) writeFileSync(join(options.dir, 'acquits', name), bytes);
  }

  app.post('/pes', async (req, reply) => {
    const nomFic = req.headers['x-nomfic'];
    const codCol = req.headers['x-codcol'];
    const body = req.body;
    if (typeof nomFic !== 'string' || typeof codCol !== 'string' || !Buffer.isBuffer(body) || body.byteLength === 0) {
      return reply.code(400).send({ error: 'x-nomfic, x-codcol and a non-empty body are required' });
    }
    uploads++;
    const failing = options.fail !== 'none' && failures < options.failCount && uploads % options.failEvery === 0;
    if (failing && options.fail === 'before') {
      failures++;
      return reply.code(503).send({ error: 'platform unavailable (simulated)' });
    }
    if (received.some((r) => r.nomFic === nomFic && r.codCol === codCol)) return reply.code(409).send({ error: `flow ${nomFic} (${codCol}) already received` });
    const r: Received = { id: `T${String(received.length + 1).padStart(6, '0')}`, nomFic, codCol, bytes: body, at: new Date() };
    received.push(r);
    if (options.dir) writeFileSync(join(options.dir, 'received', `${nomFic}.xml`), body);
    void acknowledge(r);
    if (failing) {
      failures++;
      if (options.fail === 'after') return reply.code(500).send({ error: 'internal error after receipt (simulated)' });
      await sleep(options.hangMs);
    }
    return reply.code(201).send({ id: r.id });
  });

  app.get<{ Querystring: { after?: string } }>('/acquits', (req) => {
    const after = Number(req.query.after ?? 0);
    return acquits.filter((a) => a.seq > after).map(({ seq, name, nomFic, codCol }) => ({ seq, name, nomFic, codCol }));
  });
  app.get<{ Params: { seq: string } }>('/acquits/:seq', (req, reply) => {
    const a = acquits.find((x) => x.seq === Number(req.params.seq));
    if (!a) return reply.code(404).send({ error: 'no such acknowledgment' });
    return reply.type('application/xml; charset=ISO-8859-1').send(Buffer.from(a.bytes));
  });
  app.get('/received', () => received.map(({ id, nomFic, codCol, at }) => ({ id, nomFic, codCol, at })));
  app.get('/health', () => ({ status: 'ok' }));
  return { app, received, acquits, options };
}
