/**
 * Finance departments' mandate intake: JSON one at a time, or CSV in bulk with a per-line
 * report. A mandate is completed from the directories (buyer settings, known supplier
 * details) so nobody retypes what the system knows, then published as mandate.submitted.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { defined } from '../../domain/defined.ts';
import { deriveId } from '../../domain/ids.ts';
import { Mandate, type SupplierDetails } from '../../domain/mandate/model.ts';
import { parseMandateCsv } from '../../domain/mandate/csv.ts';
import { withTransaction, type Tx } from '../../platform/db/pool.ts';
import { createEnvelope } from '../../platform/kafka/envelope.ts';
import { EVENTS } from '../../platform/kafka/events.ts';
import { enqueue } from '../../platform/kafka/outbox.ts';
import type { ServiceContext } from '../../platform/service.ts';
import { collectiviteOf, findBuyer, findSupplier, saveSupplier } from '../../platform/store/directory.ts';
import type { GatewayConfig } from './config.ts';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export type Submission = { ok: true; id: string; duplicate: boolean } | { ok: false; errors: FieldError[] };

const zodErrors = (err: z.ZodError): FieldError[] =>
  err.issues.map((i) => ({ field: i.path.join('.') || '(body)', code: 'INVALID', message: i.message }));

/** Known supplier details fill what the mandate leaves out; what it gives wins and is remembered. */
const mergeSupplier = (given: SupplierDetails, known: SupplierDetails | undefined): SupplierDetails =>
  known ? { ...known, ...defined(given) } : given;

const BANK_TRANSFER = new Set(['03', '05']);

export async function submitMandate(tx: Tx, input: unknown): Promise<Submission> {
  const parsed = Mandate.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const m = parsed.data;
  const buyer = await findBuyer(tx, m.idColl);
  if (!buyer || buyer.siret !== m.idColl) return { ok: false, errors: [{ field: 'idColl', code: 'BUYER_UNKNOWN', message: `${m.idColl} is not a collectivité of the directory` }] };
  if (!buyer.active) return { ok: false, errors: [{ field: 'idColl', code: 'BUYER_INACTIVE', message: `${m.idColl} is inactive in the directory` }] };
  const supplier = mergeSupplier(m.supplier, m.supplier.siret ? await findSupplier(tx, m.supplier.siret) : undefined);
  const errors: FieldError[] = [];
  if (!supplier.name) errors.push({ field: 'supplier.name', code: 'REQUIRED', message: 'the supplier name (Tiers/Nom) is required and not in the supplier directory' });
  if (BANK_TRANSFER.has(m.modRegl) && !supplier.iban) {
    errors.push({ field: 'supplier.iban', code: 'REQUIRED', message: `ModRegl ${m.modRegl} pays by transfer: the supplier's IBAN is required and not in the supplier directory` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const mandate: Mandate = { ...m, supplier };
  if (supplier.siret) await saveSupplier(tx, supplier.siret, supplier);

  const id = deriveId('mdt', m.idColl, m.reference);
  const known = await tx.query('SELECT 1 FROM outbox WHERE id = $1 UNION ALL SELECT 1 FROM mandates WHERE id = $2', [deriveId('msg', 'mandate.submitted', id), id]);
  if (known.rowCount !== 0) return { ok: true, id, duplicate: true };
  const ev = EVENTS.mandateSubmitted;
  await enqueue(tx, [
    {
      topic: ev.topic,
      envelope: createEnvelope(ev, {
        id: deriveId('msg', 'mandate.submitted', id),
        key: m.idColl,
        correlationId: id,
        payload: { mandateId: id, mandate, collectivite: collectiviteOf(buyer), submittedAt: new Date().toISOString() },
      }),
    },
  ]);
  return { ok: true, id, duplicate: false };
}

const reject = (reply: FastifyReply, errors: FieldError[]) =>
  reply.code(422).send({ error: { code: 'MANDATE_INVALID', message: 'the mandate cannot be accepted', details: errors } });

export function mandateRoutes(app: FastifyInstance, ctx: ServiceContext<GatewayConfig>): void {
  app.post('/mandates', async (req, reply) => {
    const result = await withTransaction(ctx.pool, (tx) => submitMandate(tx, req.body));
    if (!result.ok) return reject(reply, result.errors);
    if (!result.duplicate) await ctx.relay.flush().catch(() => undefined);
    return reply.code(result.duplicate ? 200 : 202).header('location', `/mandates/${result.id}`).send({ id: result.id, duplicate: result.duplicate });
  });

  app.get<{ Params: { id: string } }>('/mandates/:id', async (req, reply) => {
    const { rows } = await ctx.pool.query<{ status: string; reason: unknown; reference: string; submitted_at: Date }>(
      'SELECT status, reason, reference, submitted_at FROM mandates WHERE id = $1',
      [req.params.id],
    );
    const r = rows[0];
    if (r) return { id: req.params.id, reference: r.reference, status: r.status, reason: r.reason, submittedAt: r.submitted_at.toISOString() };
    const pending = await ctx.pool.query('SELECT 1 FROM outbox WHERE id = $1', [deriveId('msg', 'mandate.submitted', req.params.id)]);
    if (pending.rowCount !== 0) return { id: req.params.id, status: 'submitted' };
    return reply.code(404).send({ error: { code: 'MANDATE_NOT_FOUND', message: `no mandate ${req.params.id}` } });
  });

  // Bulk: one CSV, one mandate per reference (a mandate's lines share it). Each mandate is
  // accepted or refused on its own; the report names the CSV lines of every refusal.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/mandates/import', async (req, reply) => {
    if (typeof req.body !== 'string') return reply.code(415).send({ error: { code: 'CSV_EXPECTED', message: 'send the file as text/csv' } });
    const { mandates, errors: csvErrors } = parseMandateCsv(req.body);
    const results = [];
    for (const m of mandates) {
      const r = await withTransaction(ctx.pool, (tx) => submitMandate(tx, m.mandate));
      results.push({ reference: m.reference, lines: m.lines, ...r });
    }
    await ctx.relay.flush().catch(() => undefined);
    const accepted = results.filter((r) => r.ok).length;
    return reply.code(200).send({
      accepted,
      refused: results.length - accepted + csvErrors.length,
      results,
      csvErrors,
    });
  });
}
