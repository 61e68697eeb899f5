/**
 * The processing contract on real Kafka and PostgreSQL: duplicates change nothing, outputs
 * keep their ids, a failing message is dead-lettered after bounded retries without blocking
 * the messages behind it on its partition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import { z } from 'zod';
import { deriveId } from '../../domain/ids.ts';
import { createKafka, createProducer } from '../../platform/kafka/client.ts';
import { createEnvelope, defineEvent, payloadOf } from '../../platform/kafka/envelope.ts';
import { enqueue, OutboxRelay } from '../../platform/kafka/outbox.ts';
import { PermanentError, runConsumer, type RunningConsumer } from '../../platform/kafka/runner.ts';
import { retryDeadLetters } from '../../platform/kafka/dead-letters.ts';
import { ensureTopics } from '../../platform/kafka/topics.ts';
import { createLogger } from '../../platform/log.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { useMigratedDatabase } from '../support/database.ts';
import { collect, waitFor } from '../support/wait.ts';

const Ping = defineEvent('test.ping', 1, z.object({ n: z.number().int(), fail: z.enum(['never', 'always', 'permanent']) }));
const Pong = defineEvent('test.pong', 1, z.object({ n: z.number().int() }));
const IN = 'test.in';
const OUT = 'test.out';

const db = useMigratedDatabase('contract');
let kafka: Kafka;
let producer: Producer;
let consumer: RunningConsumer;
let relay: OutboxRelay;
const log = createLogger('contract-test', 'silent');
const attempts = new Map<number, number>();
/** Set when the test 'fixes' the bug that made ping 10 fail. */
let fixed = false;
/** What prepare and handle were told, in order: `prepare 40`, `handle 40`… */
const seen: string[] = [];
/** Ping that makes prepare fail. */
const PREPARE_FAILS = 43;

beforeAll(async () => {
  await db.pool.query('CREATE TABLE pings (n integer PRIMARY KEY, seen integer NOT NULL)');
  kafka = createKafka('contract-test', db.ns.brokers, log);
  const admin = kafka.admin();
  await admin.connect();
  const spec = (name: string, partitions: number) => ({ name, partitions, config: {} });
  await ensureTopics(admin, db.ns.prefix, log, [spec(IN, 2), spec(OUT, 2), spec(`${IN}.dlq`, 1)]);
  await admin.disconnect();
  producer = await createProducer(kafka);
  const metrics = createMetrics('contract-test');
  relay = new OutboxRelay({ pool: db.pool, kafka, prefix: db.ns.prefix, log, metrics });
  consumer = await runConsumer(
    {
      name: 'pinger',
      topics: [IN],
      handle: async (msg, tx) => {
        const p = payloadOf(Ping, msg.envelope);
        seen.push(`handle ${p.n}`);
        attempts.set(p.n, (attempts.get(p.n) ?? 0) + 1);
        if (p.fail === 'always' && !fixed) throw new Error(`ping ${p.n} always fails`);
        if (p.fail === 'permanent') throw new PermanentError('PING_REFUSED', `ping ${p.n} refused`);
        await tx.query('INSERT INTO pings (n, seen) VALUES ($1, 1) ON CONFLICT (n) DO UPDATE SET seen = pings.seen + 1', [p.n]);
        const out = createEnvelope(Pong, {
          id: deriveId('pong', msg.envelope.id),
          key: String(p.n),
          correlationId: msg.envelope.correlationId,
          causationId: msg.envelope.id,
          payload: { n: p.n },
        });
        return [{ topic: OUT, envelope: out }];
      },
      prepare: (msgs) => {
        const ns = msgs.map((m) => payloadOf(Ping, m.envelope).n);
        seen.push(...ns.map((n) => `prepare ${n}`));
        return ns.includes(PREPARE_FAILS) ? Promise.reject(new Error('prepare failed')) : Promise.resolve();
      },
    },
    { kafka, pool: db.pool, producer, relay, prefix: db.ns.prefix, log, metrics, maxAttempts: 3, backoffMs: () => 10 },
  );
});

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop();
  await producer?.disconnect();
});

const ping = (n: number, fail: 'never' | 'always' | 'permanent' = 'never') =>
  createEnvelope(Ping, { id: deriveId('ping', String(n)), key: 'same-partition', correlationId: `c${n}`, payload: { n, fail } });

describe('processing contract', () => {
  it('handles each message once, however often it is delivered, and emits the same output ids', async () => {
    const messages = [1, 2, 3].map((n) => ping(n));
    const send = (envs: typeof messages) =>
      producer.send({ topic: db.ns.prefix + IN, messages: envs.map((e) => ({ key: e.key, value: JSON.stringify(e) })) });
    await send(messages);
    await send(messages); // redelivery of the same messages
    await waitFor(async () => (await db.pool.query<{ c: number }>('SELECT count(*)::int AS c FROM pings')).rows[0]?.c === 3);
    const outputs = await collect(kafka, db.ns.prefix + OUT, 3);
    // Give a duplicate output, if any were emitted, time to arrive before counting.
    const settled = await collect(kafka, db.ns.prefix + OUT, 4, 3000).catch(() => outputs);
    expect(settled).toHaveLength(3);
    expect(new Set(outputs.map((o) => o.id))).toEqual(new Set(messages.map((m) => deriveId('pong', m.id))));
    const { rows } = await db.pool.query<{ n: number; seen: number }>('SELECT n, seen FROM pings ORDER BY n');
    expect(rows).toEqual([
      { n: 1, seen: 1 },
      { n: 2, seen: 1 },
      { n: 3, seen: 1 },
    ]);
  });

  it('tells prepare the messages not processed yet before handling them, and handles them all even when it fails', async () => {
    const send = (ns: number[]) =>
      producer.send({ topic: db.ns.prefix + IN, messages: ns.map((n) => ping(n)).map((e) => ({ key: e.key, value: JSON.stringify(e) })) });
    const handled = (n: number) => async () => (await db.pool.query('SELECT 1 FROM pings WHERE n = $1', [n])).rowCount === 1;
    await send([40, 41]);
    await waitFor(handled(41));
    await send([40, 41, 42]); // 40 and 41 again: processed already, so not told again
    await waitFor(handled(42));
    await send([PREPARE_FAILS, 44]);
    await waitFor(handled(44));
    const told = (n: number) => seen.filter((s) => s === `prepare ${n}`).length;
    expect([40, 41, 42, PREPARE_FAILS, 44].map(told)).toEqual([1, 1, 1, 1, 1]);
    for (const n of [40, 41, 42, PREPARE_FAILS, 44]) expect(seen.indexOf(`prepare ${n}`), `ping ${n}`).toBeLessThan(seen.indexOf(`handle ${n}`));
    expect(await handled(PREPARE_FAILS)()).toBe(true);
  });

  it('dead-letters a failing message after bounded retries and goes on with the next one', async () => {
    const bad = ping(10, 'always');
    const refused = ping(11, 'permanent');
    const good = ping(12);
    await producer.send({
      topic: db.ns.prefix + IN,
      messages: [bad, refused, good].map((e) => ({ key: e.key, value: JSON.stringify(e) })),
    });
    await producer.send({ topic: db.ns.prefix + IN, messages: [{ key: 'same-partition', value: 'not json at all' }] });
    await waitFor(async () => (await db.pool.query<{ c: number }>('SELECT count(*)::int AS c FROM dead_letters')).rows[0]?.c === 3);
    expect((await db.pool.query('SELECT seen FROM pings WHERE n = 12')).rows).toEqual([{ seen: 1 }]);
    expect(attempts.get(10)).toBe(3); // bounded: maxAttempts
    expect(attempts.get(11)).toBe(1); // permanent errors are not retried
    const { rows } = await db.pool.query<{ message_id: string | null; error_code: string; attempts: number }>(
      'SELECT message_id, error_code, attempts FROM dead_letters ORDER BY id',
    );
    expect(rows).toEqual([
      { message_id: bad.id, error_code: 'HANDLER_FAILED', attempts: 3 },
      { message_id: refused.id, error_code: 'PING_REFUSED', attempts: 1 },
      { message_id: null, error_code: 'ENVELOPE_INVALID', attempts: 1 },
    ]);
    const dlq = await collect(kafka, `${db.ns.prefix}${IN}.dlq`, 3, 10_000, true);
    expect(dlq.map((m) => m.headers['dlq-error-code'])).toEqual(['HANDLER_FAILED', 'PING_REFUSED', 'ENVELOPE_INVALID']);
  });

  it('sets aside a message Kafka refuses for good, and publishes the ones behind it', async () => {
    const big = createEnvelope(Pong, { id: 'pong_too_large', key: 'k', correlationId: 'c', payload: { n: 1 } });
    const small = createEnvelope(Pong, { id: 'pong_after_large', key: 'k', correlationId: 'c', payload: { n: 2 } });
    const client = await db.pool.connect();
    // 3 MB: above the broker's and the topic's message size limit.
    await enqueue(client, [{ topic: OUT, envelope: { ...big, payload: { n: 1, pad: 'x'.repeat(3 * 1024 * 1024) } } }, { topic: OUT, envelope: small }]);
    client.release();
    await relay.flush();
    const rows = await db.pool.query<{ id: string; sent: boolean; failed: boolean; error: string | null }>(
      `SELECT id, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed, error FROM outbox WHERE id IN ('pong_too_large', 'pong_after_large') ORDER BY seq`,
    );
    expect(rows.rows.map((r) => [r.id, r.sent, r.failed])).toEqual([
      ['pong_too_large', false, true],
      ['pong_after_large', true, false],
    ]);
    expect(rows.rows[0]!.error).toMatch(/larger than the max message size/);
  });

  it('sends a dead letter back to its topic once the cause is fixed, and it is handled once', async () => {
    fixed = true;
    const bad = ping(10, 'always');
    const report = await retryDeadLetters({ kafka, producer, pool: db.pool, prefix: db.ns.prefix }, { topic: IN, messageId: bad.id });
    expect(report.resent).toBe(1);
    await waitFor(async () => (await db.pool.query('SELECT 1 FROM pings WHERE n = 10')).rowCount === 1, 30_000, 'the resent ping to be handled');
    const retried = await db.pool.query<{ retried: boolean }>('SELECT retried_at IS NOT NULL AS retried FROM dead_letters WHERE message_id = $1', [bad.id]);
    expect(retried.rows).toEqual([{ retried: true }]);
    // Nothing left to resend for it.
    expect((await retryDeadLetters({ kafka, producer, pool: db.pool, prefix: db.ns.prefix }, { topic: IN, messageId: bad.id })).resent).toBe(0);
  });
});
