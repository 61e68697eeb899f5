/**
 * Transactional outbox. Handlers write what they emit into the `outbox` table in the same
 * transaction as their state; the relay publishes pending rows in order and marks them sent.
 * A crash between publish and mark re-publishes the same message ids, which consumers drop
 * as duplicates: delivery is at least once, effects are exactly once.
 */
import type { Kafka, Producer } from 'kafkajs';
import { createProducer } from './client.ts';
import type { Pool, Tx } from '../db/pool.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Envelope } from './envelope.ts';

export interface Outbound {
  /** Logical topic name (see topics.ts); the relay adds the deployment's prefix. */
  topic: string;
  envelope: Envelope;
}

/** Adds messages to the outbox inside `tx`; a message id already there is kept as it was. */
export async function enqueue(tx: Tx, messages: readonly Outbound[]): Promise<void> {
  if (messages.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (id, topic, key, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (id) DO NOTHING`,
    [
      messages.map((m) => m.envelope.id),
      messages.map((m) => m.topic),
      messages.map((m) => m.envelope.key),
      messages.map((m) => JSON.stringify(m.envelope)),
    ],
  );
}

/** Errors Kafka says retrying will not fix (a message too large, an invalid record…). */
const isPermanent = (err: unknown): boolean => {
  const e = err as { retriable?: boolean; cause?: { retriable?: boolean }; type?: string; name?: string };
  return e.retriable === false && (e.cause?.retriable === false || e.type !== undefined || e.name === 'KafkaJSNonRetriableError');
};

interface Row {
  seq: string;
  id: string;
  topic: string;
  key: string;
  value: string;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly pool: Pool;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly metrics: Metrics;

  constructor(opts: { pool: Pool; kafka: Kafka; prefix: string; log: Logger; metrics: Metrics }) {
    this.pool = opts.pool;
    this.kafka = opts.kafka;
    this.prefix = opts.prefix;
    this.log = opts.log.child({ component: 'outbox' });
    this.metrics = opts.metrics;
  }

  /** Publishes every pending row; concurrent calls share one pass. Returns how many were sent. */
  flush(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps periodically for rows left by a crashed pass or another instance. */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => this.log.warn({ err }, 'outbox relay pass failed; will retry'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.flush().catch((err: unknown) => this.log.warn({ err }, 'final outbox flush failed; rows stay pending'));
    await (await this.producer?.catch(() => undefined))?.disconnect();
  }

  /** The relay's own idempotent producer, made anew after a failed send (its sequence numbers may be off). */
  private getProducer(): Promise<Producer> {
    this.producer ??= createProducer(this.kafka);
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    await (await old?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  private async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.publishBatch(500);
      sent += n;
      if (n < 500) break;
    }
    return sent;
  }

  private async send(rows: Row[]): Promise<void> {
    const byTopic = new Map<string, Row[]>();
    for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await (
      await this.getProducer()
    ).sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, rs]) => ({
        topic: this.prefix + topic,
        messages: rs.map((r) => ({ key: r.key, value: r.value, headers: { 'message-id': r.id } })),
      })),
    });
  }

  private async publishBatch(limit: number): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // SKIP LOCKED: several instances of a service relay in parallel without sending a row twice.
      const { rows } = await client.query<Row>(
        'SELECT seq, id, topic, key, value FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
        [limit],
      );
      let sent: Row[] = rows;
      if (rows.length > 0) {
        try {
          await this.send(rows);
        } catch (err) {
          await this.resetProducer();
          if (!isPermanent(err)) throw err;
          // One message Kafka refuses for good must not hold back the others: send them one by one.
          sent = [];
          for (const r of rows) {
            try {
              await this.send([r]);
              sent.push(r);
            } catch (e) {
              await this.resetProducer();
              if (!isPermanent(e)) throw e;
              const text = e instanceof Error ? e.message : String(e);
              await client.query('UPDATE outbox SET failed_at = now(), error = $2 WHERE seq = $1', [r.seq, text]);
              this.log.error({ messageId: r.id, topic: r.topic, bytes: r.value.length, err: text }, 'Kafka refuses this message; set aside in the outbox');
            }
          }
        }
        await client.query('UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])', [sent.map((r) => r.seq)]);
      }
      await client.query('COMMIT');
      this.metrics.outboxPublished.inc(sent.length);
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
