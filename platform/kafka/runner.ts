/**
 * Runs one consumer under the processing contract (docs/processing-contract.md):
 *  - each message is handled in one PostgreSQL transaction that also records its id as processed
 *    and writes the handler's outputs to the outbox, so a message seen again changes nothing;
 *  - offsets are committed only after that transaction committed;
 *  - a database outage is waited out (the message is fine, the world is not);
 *  - any other failure is retried a bounded number of times, then the message goes to the
 *    topic's dead-letter twin with its error, and the partition moves on.
 */
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isInfrastructureError, type Pool, type Tx } from '../db/pool.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { decodeEnvelope, EnvelopeError, type Envelope } from './envelope.ts';
import { enqueue, type OutboxRelay, type Outbound } from './outbox.ts';
import { dlqOf } from './topics.ts';

export interface Inbound {
  topic: string;
  partition: number;
  offset: string;
  envelope: Envelope;
  log: Logger;
  /** For handlers that wait (throttling): keeps the consumer's group membership alive. */
  heartbeat: () => Promise<void>;
}

/** A message of a batch: read, or why its envelope cannot be. */
type Received = Inbound | { invalid: unknown };

export interface ConsumerSpec {
  /** Consumer group (after the prefix) and the name under which messages are recorded as processed. */
  name: string;
  topics: string[];
  /** Applies one message's effects through `tx` and returns what it emits. Must be deterministic in its outputs' ids. */
  handle: (msg: Inbound, tx: Tx) => Promise<Outbound[]>;
  /**
   * Optional: told the messages of a batch that are not processed yet, `prepareChunk` at a time
   * (default 32), before they are handled one by one; for work without effects that goes faster
   * in bulk (the validator checks a chunk's invoices stage by stage). `handle` must decide the
   * same with or without it: a failure here is logged, and each message's handling meets it again.
   */
  prepare?: (msgs: readonly Inbound[]) => Promise<void>;
  prepareChunk?: number;
}

export interface RunnerDeps {
  kafka: Kafka;
  pool: Pool;
  producer: Producer;
  relay: OutboxRelay;
  prefix: string;
  log: Logger;
  metrics: Metrics;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
}

/** An error the handler knows retrying cannot fix: dead-lettered at once. */
export class PermanentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const defaultBackoff = (attempt: number): number => Math.min(30_000, 200 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningConsumer {
  consumer: Consumer;
  /** True once the consumer has joined its group (readiness). */
  joined: () => boolean;
  stop: () => Promise<void>;
}

export async function runConsumer(spec: ConsumerSpec, deps: RunnerDeps): Promise<RunningConsumer> {
  const { kafka, pool, producer, relay, prefix, metrics } = deps;
  const log = deps.log.child({ consumer: spec.name });
  const maxAttempts = deps.maxAttempts ?? 5;
  const backoff = deps.backoffMs ?? defaultBackoff;
  const consumer = kafka.consumer({ groupId: `${prefix}${spec.name}`, allowAutoTopicCreation: false, sessionTimeout: 30_000 });
  let running = true;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => log.error({ err: payload.error }, 'consumer crashed; kafkajs restarts it'));

  /** Returns 'processed' | 'duplicate'; throws only what must stop the batch. */
  async function handleOnce(msg: Inbound): Promise<'processed' | 'duplicate'> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const fresh = await client.query('INSERT INTO processed_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        spec.name,
        msg.envelope.id,
      ]);
      if (fresh.rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      const outputs = await spec.handle(msg, client);
      await enqueue(client, outputs);
      await client.query('COMMIT');
      return 'processed';
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function deadLetter(topic: string, partition: number, m: KafkaMessage, messageId: string | undefined, err: unknown, attempts: number) {
    const code = err instanceof EnvelopeError || err instanceof PermanentError ? err.code : ((err as { code?: string }).code ?? 'HANDLER_FAILED');
    const text = err instanceof Error ? err.message : String(err);
    const logical = topic.slice(prefix.length);
    await producer.send({
      topic: prefix + dlqOf(logical),
      acks: -1,
      messages: [
        {
          key: m.key,
          value: m.value,
          headers: {
            ...m.headers,
            'dlq-consumer': spec.name,
            'dlq-source-topic': logical,
            'dlq-source-partition': String(partition),
            'dlq-source-offset': m.offset,
            'dlq-error-code': String(code),
            'dlq-error': text.slice(0, 2000),
            'dlq-attempts': String(attempts),
          },
        },
      ],
    });
    await pool.query(
      `INSERT INTO dead_letters (consumer, topic, kafka_partition, kafka_offset, message_id, error_code, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [spec.name, logical, partition, m.offset, messageId ?? null, String(code), text, attempts],
    );
    metrics.messages.inc({ consumer: spec.name, outcome: 'dead_lettered' });
    log.error({ topic: logical, partition, offset: m.offset, messageId, code, err: text, attempts }, 'message dead-lettered');
  }

  /** The message as handlers see it, or why its envelope cannot be read. */
  function inbound(topic: string, partition: number, m: KafkaMessage, heartbeat: () => Promise<void>): Received {
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(m.value);
    } catch (err) {
      return { invalid: err };
    }
    return {
      topic: topic.slice(prefix.length),
      partition,
      offset: m.offset,
      envelope,
      log: log.child({ correlationId: envelope.correlationId, messageId: envelope.id, type: envelope.type }),
      heartbeat,
    };
  }

  /** Tells spec.prepare the messages of `read` that are not processed yet. Never throws. */
  async function prepare(read: readonly Received[]): Promise<void> {
    if (!spec.prepare) return;
    try {
      const msgs = read.filter((r): r is Inbound => !('invalid' in r));
      const { rows } = await pool.query<{ message_id: string }>('SELECT message_id FROM processed_messages WHERE consumer = $1 AND message_id = ANY($2)', [
        spec.name,
        msgs.map((msg) => msg.envelope.id),
      ]);
      const done = new Set(rows.map((r) => r.message_id));
      const fresh = msgs.filter((msg) => !done.has(msg.envelope.id));
      if (fresh.length > 0) await spec.prepare(fresh);
    } catch (err) {
      log.warn({ err }, 'preparing messages failed; each is handled on its own');
    }
  }

  async function processMessage(topic: string, partition: number, m: KafkaMessage, msg: Received): Promise<void> {
    if ('invalid' in msg) {
      await deadLetter(topic, partition, m, m.headers?.['message-id']?.toString(), msg.invalid, 1);
      return;
    }
    let attempt = 0;
    for (;;) {
      attempt++;
      const end = metrics.handlerSeconds.startTimer({ consumer: spec.name });
      try {
        const outcome = await handleOnce(msg);
        end();
        metrics.messages.inc({ consumer: spec.name, outcome });
        if (outcome === 'duplicate') msg.log.debug('already processed; skipped');
        return;
      } catch (err) {
        end();
        if (isInfrastructureError(err)) {
          metrics.retries.inc({ consumer: spec.name, kind: 'infrastructure' });
          msg.log.warn({ err, attempt }, 'database unavailable; waiting');
          if (!running) throw err; // leave the offset uncommitted; the next owner of the partition retries
          attempt = 0;
          await sleep(backoff(5));
          continue;
        }
        if (err instanceof PermanentError || err instanceof EnvelopeError || attempt >= maxAttempts) {
          await deadLetter(topic, partition, m, msg.envelope.id, err, attempt);
          return;
        }
        metrics.retries.inc({ consumer: spec.name, kind: 'handler' });
        msg.log.warn({ err, attempt }, 'handler failed; retrying');
        await sleep(backoff(attempt));
      }
    }
  }

  await consumer.connect();
  for (const t of spec.topics) await consumer.subscribe({ topic: prefix + t, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async (b) => {
      const { batch } = b;
      const heartbeat = () => b.heartbeat();
      const size = spec.prepareChunk ?? 32;
      let chunk: Received[] = [];
      let last: string | undefined;
      for (const [i, m] of batch.messages.entries()) {
        if (!b.isRunning() || b.isStale()) break;
        if (i % size === 0) {
          chunk = batch.messages.slice(i, i + size).map((next) => inbound(batch.topic, batch.partition, next, heartbeat));
          await prepare(chunk);
        }
        await processMessage(batch.topic, batch.partition, m, chunk[i % size]!);
        b.resolveOffset(m.offset);
        last = m.offset;
        await b.heartbeat();
      }
      if (last === undefined) return;
      // Outputs are durable in the outbox already; publishing now only keeps latency low.
      await relay.flush().catch((err: unknown) => log.warn({ err }, 'outbox flush after batch failed; the sweep will publish'));
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    },
  });
  log.info({ topics: spec.topics }, 'consumer running');

  return {
    consumer,
    joined: () => joined,
    stop: async () => {
      running = false;
      await consumer.disconnect(); // waits for the batch in flight
    },
  };
}
