/**
 * Operator tool: sends dead-lettered messages back to the topic they came from, once the cause
 * is fixed. The message keeps its id; it was never recorded as processed, so its consumer handles
 * it as new, and anything it had emitted before failing collapses onto the same ids.
 */
import { randomBytes } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from '../db/pool.ts';
import { dlqOf } from './topics.ts';

export interface RetryFilter {
  topic: string;
  /** Only this message id; otherwise every dead letter of the topic not retried yet. */
  messageId?: string;
}

export interface RetryReport {
  resent: number;
  skipped: number;
}

export async function retryDeadLetters(
  deps: { kafka: Kafka; producer: Producer; pool: Pool; prefix: string },
  filter: RetryFilter,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<RetryReport> {
  const { rows } = await deps.pool.query<{ kafka_partition: number; kafka_offset: string; message_id: string | null }>(
    `SELECT kafka_partition, kafka_offset, message_id FROM dead_letters
     WHERE topic = $1 AND retried_at IS NULL AND ($2::text IS NULL OR message_id = $2) ORDER BY id`,
    [filter.topic, filter.messageId ?? null],
  );
  const wanted = new Set(rows.map((r) => `${r.kafka_partition}:${r.kafka_offset}`));
  if (wanted.size === 0) return { resent: 0, skipped: 0 };
  const dlq = deps.prefix + dlqOf(filter.topic);
  // A throwaway group reads the whole dead-letter topic; only the wanted entries are resent.
  const consumer = deps.kafka.consumer({ groupId: `${deps.prefix}dlq-retry-${randomBytes(4).toString('hex')}` });
  let resent = 0;
  let skipped = 0;
  const admin = deps.kafka.admin();
  await admin.connect();
  const end = await admin.fetchTopicOffsets(dlq);
  await admin.disconnect();
  const remaining = new Map(end.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high) - 1n]));
  await consumer.connect();
  await consumer.subscribe({ topic: dlq, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    if (remaining.size === 0) resolve();
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const h = message.headers ?? {};
          const key = `${String(h['dlq-source-partition'])}:${String(h['dlq-source-offset'])}`;
          if (wanted.has(key)) {
            const headers = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('dlq-')));
            await deps.producer.send({ topic: deps.prefix + filter.topic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
            const [p, o] = key.split(':');
            await deps.pool.query('UPDATE dead_letters SET retried_at = now() WHERE topic = $1 AND kafka_partition = $2 AND kafka_offset = $3', [filter.topic, Number(p), o]);
            wanted.delete(key);
            resent++;
            progress(resent, rows.length);
          } else {
            skipped++;
          }
          if (BigInt(message.offset) >= (remaining.get(partition) ?? -1n)) remaining.delete(partition);
          if (remaining.size === 0 || wanted.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return { resent, skipped };
}
