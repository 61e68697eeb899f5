/**
 * The purge of platform/db/retention.ts on real PostgreSQL with the project's migrations: what
 * is past retention goes, in batches; what the contract still needs stays (recent records,
 * unsent or failed outbox rows, rows a waiting dead letter refers to).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { purge, RetentionPolicy } from '../../platform/db/retention.ts';
import { useMigratedDatabase } from '../support/database.ts';

const db = useMigratedDatabase('retention');

beforeAll(async () => {
  const { pool } = db;
  const ago = (days: number) => `now() - make_interval(days => ${days})`;
  // processed_messages: seven past 45 days, one just inside, one recent.
  for (let i = 1; i <= 7; i++) await pool.query(`INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES ('validator', $1, ${ago(50 + i)})`, [`old-${i}`]);
  await pool.query(`INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES ('validator', 'inside', ${ago(44)}), ('validator', 'recent', ${ago(1)})`);
  // outbox: sent 100 days ago (plain, under a waiting dead letter, under a retried one), sent 30 days ago, never sent, set aside as failed.
  const row = (id: string, created: number, sent: string, failed = 'NULL') =>
    pool.query(`INSERT INTO outbox (id, topic, key, value, created_at, sent_at, failed_at) VALUES ($1, 'pes.ready', 'k', '{}', ${ago(created)}, ${sent}, ${failed})`, [id]);
  await row('sent-old', 100, ago(100));
  await row('sent-old-dead-waiting', 100, ago(100));
  await row('sent-old-dead-retried', 100, ago(100));
  await row('sent-recent', 30, ago(30));
  await row('never-sent', 100, 'NULL');
  await row('failed', 100, 'NULL', ago(99));
  const dead = (id: string, offset: string, retried: string) =>
    pool.query(
      `INSERT INTO dead_letters (consumer, topic, kafka_partition, kafka_offset, message_id, error_code, error, attempts, retried_at)
       VALUES ('treasury', 'pes.ready', 0, $2, $1, 'X', 'x', 1, ${retried})`,
      [id, offset],
    );
  await dead('sent-old-dead-waiting', '1', 'NULL');
  await dead('sent-old-dead-retried', '2', ago(10));
});

const ids = async (sql: string) => (await db.pool.query<{ id: string }>(sql)).rows.map((r) => r.id).sort();

describe('purge', () => {
  const policy = RetentionPolicy.parse({});

  it('counts without deleting on a dry run', async () => {
    expect(await purge(db.pool, policy, { dryRun: true })).toEqual({ processedMessages: 7, outbox: 2 });
    expect(await ids('SELECT message_id AS id FROM processed_messages')).toHaveLength(9);
    expect(await ids('SELECT id FROM outbox')).toHaveLength(6);
  });

  it('deletes what is past retention, batch by batch, and keeps what the contract needs', async () => {
    const totals: string[] = [];
    const result = await purge(db.pool, policy, { batch: 3, progress: (table, total) => totals.push(`${table} ${total}`) });
    expect(result).toEqual({ processedMessages: 7, outbox: 2 });
    expect(totals).toEqual(['processedMessages 3', 'processedMessages 6', 'processedMessages 7', 'outbox 2']);
    expect(await ids('SELECT message_id AS id FROM processed_messages')).toEqual(['inside', 'recent']);
    expect(await ids('SELECT id FROM outbox')).toEqual(['failed', 'never-sent', 'sent-old-dead-waiting', 'sent-recent']);
    expect(await purge(db.pool, policy)).toEqual({ processedMessages: 0, outbox: 0 });
  });
});
