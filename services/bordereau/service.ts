import { withTransaction } from '../../platform/db/pool.ts';
import { enqueue } from '../../platform/kafka/outbox.ts';
import { TOPICS } from '../../platform/kafka/topics.ts';
import type { ServiceDefinition } from '../../platform/service.ts';
import { createAssembler } from './assembly.ts';
import { BordereauConfig } from './config.ts';
import { onInvoiceValidated, onMandateSubmitted } from './matching.ts';

export const bordereau: ServiceDefinition<typeof BordereauConfig> = {
  name: 'bordereau',
  config: BordereauConfig,
  async setup(ctx) {
    const assembler = createAssembler({ blobs: ctx.blobs, maxPieces: ctx.config.BORDEREAU_MAX_PIECES, log: ctx.log });
    await ctx.consume({ name: 'bordereau-invoices', topics: [TOPICS.invoiceValidated.name], handle: onInvoiceValidated(assembler) });
    await ctx.consume({ name: 'bordereau-mandates', topics: [TOPICS.mandateSubmitted.name], handle: onMandateSubmitted(assembler) });

    // Age limit: a bordereau closes at its opening time + the maximum age.
    let sweeping: Promise<void> | undefined;
    const sweep = async () => {
      for (const { id, dueAt } of await assembler.due(ctx.pool, ctx.config.BORDEREAU_MAX_AGE_SECONDS)) {
        const out = await withTransaction(ctx.pool, async (tx) => {
          const o = await assembler.close(tx, id, { id: `age:${id}`, at: dueAt });
          await enqueue(tx, o);
          return o;
        });
        if (out.length > 0) await ctx.relay.flush();
      }
    };
    const timer = setInterval(() => {
      sweeping ??= sweep()
        .catch((err: unknown) => ctx.log.error({ err }, 'bordereau age sweep failed; next pass retries'))
        .finally(() => (sweeping = undefined));
    }, ctx.config.BORDEREAU_SWEEP_SECONDS * 1000);
    ctx.onStop(async () => {
      clearInterval(timer);
      await sweeping;
    });

    // Explicit close from the finance department: every open bordereau of a collectivité (and budget).
    ctx.http.post<{ Body: { idColl?: string; codBud?: string } }>('/bordereaux/close', async (req, reply) => {
      const { idColl, codBud } = req.body ?? {};
      if (typeof idColl !== 'string' || !/^\d{14}$/.test(idColl)) {
        return reply.code(400).send({ error: { code: 'IDCOLL_REQUIRED', message: 'idColl: the collectivité SIRET (14 digits)' } });
      }
      const at = new Date();
      const closed = await withTransaction(ctx.pool, async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT id FROM bordereaux WHERE status = 'open' AND id_coll = $1 AND ($2::text IS NULL OR cod_bud = $2) ORDER BY id`,
          [idColl, codBud ?? null],
        );
        const out = [];
        for (const r of rows) out.push(...(await assembler.close(tx, r.id, { id: `request:${r.id}:${at.toISOString()}`, at })));
        await enqueue(tx, out);
        return rows.map((r) => r.id);
      });
      await ctx.relay.flush();
      return { closed };
    });
  },
};
