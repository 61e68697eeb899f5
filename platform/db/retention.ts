/**
 * What the processing contract stops needing (docs/processing-contract.md, "Retention and
 * growth"), purged: without it processed_messages and the outbox grow by several rows per
 * invoice, for ever.
 *
 * - processed_messages rows older than the replay window: a message that old can no longer be
 *   delivered again, so no consumer needs to recognise it;
 * - sent outbox rows older than the audit period, except those a dead letter still waiting for
 *   an operator refers to (the operations views read them).
 *
 * Rows go in batches, one statement each, so that no long lock is held and the services run on.
 */
import { z } from 'zod';
import { REPLAY_WINDOW_DAYS } from '../kafka/topics.ts';
import type { Pool } from './pool.ts';

export const RetentionPolicy = z
  .object({
    /** Days processed_messages rows are kept: at least the replay window. */
    processedDays: z
      .number()
      .int()
      .min(REPLAY_WINDOW_DAYS, `Kafka can deliver a message again for up to ${REPLAY_WINDOW_DAYS} days (longest retention of a consumed topic, plus a segment): keep processed-message records at least that long`)
      .default(Math.max(45, REPLAY_WINDOW_DAYS)),
    /** Days sent outbox rows are kept, for audit: at least as long as processed_messages rows. */
    sentOutboxDays: z.number().int().positive().default(90),
  })
  .refine((p) => p.sentOutboxDays >= p.processedDays, { message: 'sent outbox rows must be kept at least as long as processed_messages rows', path: ['sentOutboxDays'] });
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export interface PurgeResult {
  processedMessages: number;
  outbox: number;
}

/** What goes from each table: the rows' keys, selected by the number of days kept ($1). */
const DOOMED = {
  processedMessages: {
    table: 'processed_messages',
    key: 'ctid',
    select: 'SELECT ctid FROM processed_messages WHERE processed_at < now() - make_interval(days => $1)',
  },
  outbox: {
    table: 'outbox',
    key: 'seq',
    select: `SELECT o.seq FROM outbox o WHERE o.sent_at < now() - make_interval(days => $1)
      AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.message_id = o.id AND d.retried_at IS NULL)`,
  },
} as const;

/**
 * Purges by `policy`, `batch` rows a statement; `progress` hears each table's running total.
 * With `dryRun`, counts what would go and deletes nothing.
 */
export async function purge(
  pool: Pool,
  policy: RetentionPolicy,
  options: { batch?: number; dryRun?: boolean; progress?: (table: keyof PurgeResult, total: number) => void } = {},
): Promise<PurgeResult> {
  const batch = options.batch ?? 10_000;
  const days = { processedMessages: policy.processedDays, outbox: policy.sentOutboxDays };
  const result: PurgeResult = { processedMessages: 0, outbox: 0 };
  for (const name of ['processedMessages', 'outbox'] as const) {
    const { table, key, select } = DOOMED[name];
    if (options.dryRun) {
      result[name] = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${select}) AS doomed`, [days[name]])).rows[0]!.n;
      options.progress?.(name, result[name]);
      continue;
    }
    for (;;) {
      const { rowCount } = await pool.query(`DELETE FROM ${table} WHERE ${key} = ANY(ARRAY(${select} LIMIT $2))`, [days[name], batch]);
      result[name] += rowCount ?? 0;
      options.progress?.(name, result[name]);
      if ((rowCount ?? 0) < batch) break;
    }
  }
  return result;
}
