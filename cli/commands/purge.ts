/**
 * `einvoice purge`: removes what the processing contract no longer needs (platform/db/retention.ts),
 * from the database of DATABASE_URL (the services' own). Meant for a daily job; safe while the
 * services run. Refuses a policy that would forget messages Kafka can still deliver again.
 */
import { parseArgs } from 'node:util';
import { BaseConfig } from '../../platform/config.ts';
import { createPool } from '../../platform/db/pool.ts';
import { purge, RetentionPolicy } from '../../platform/db/retention.ts';
import type { Command } from './types.ts';

const USAGE = 'purge [--processed-days N] [--outbox-days N] [--dry-run]: delete processed-message records and sent outbox rows past retention';

export const purgeCommand: Command = {
  summary: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { 'processed-days': { type: 'string' }, 'outbox-days': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const days = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const policy = RetentionPolicy.safeParse({ processedDays: days(values['processed-days']), sentOutboxDays: days(values['outbox-days']) });
    if (!policy.success) {
      const flag: Record<string, string> = { processedDays: '--processed-days', sentOutboxDays: '--outbox-days' };
      for (const issue of policy.error.issues) process.stderr.write(`${flag[String(issue.path[0])] ?? 'policy'}: ${issue.message}\n`);
      return 2;
    }
    const { DATABASE_URL } = BaseConfig.pick({ DATABASE_URL: true }).parse(process.env);
    const pool = createPool(DATABASE_URL, 1);
    try {
      const dryRun = values['dry-run'];
      let current: string | undefined;
      const progress = (table: string, total: number) => {
        process.stderr.write(`${current !== undefined && current !== table ? '\n' : '\r'}${table}: ${total} rows ${dryRun ? 'to delete' : 'deleted'}`);
        current = table;
      };
      const result = await purge(pool, policy.data, { dryRun, progress });
      process.stderr.write('\n');
      process.stdout.write(
        `${dryRun ? 'would delete' : 'deleted'}: ${result.processedMessages} processed-message records older than ${policy.data.processedDays} days, ` +
          `${result.outbox} sent outbox rows older than ${policy.data.sentOutboxDays} days\n`,
      );
      return 0;
    } finally {
      await pool.end();
    }
  },
};
