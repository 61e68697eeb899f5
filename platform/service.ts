/**
 * The lifecycle every deployable shares: configuration, logs, PostgreSQL (migrated), Kafka
 * (topics ensured, idempotent producer, outbox relay), the HTTP server with health, readiness
 * and metrics; then the service's own setup; and a graceful stop in reverse order.
 */
import type { FastifyInstance } from 'fastify';
import type { Kafka, Producer } from 'kafkajs';
import type { z } from 'zod';
import type { SchemaName } from '../domain/xml/xsd.ts';
import { FsBlobStore, type BlobStore } from './blobs.ts';
import { BaseConfig, loadConfig } from './config.ts';
import { createPool, type Pool } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { createHttpServer, type ReadinessCheck } from './http/server.ts';
import { createKafka, createProducer } from './kafka/client.ts';
import { OutboxRelay } from './kafka/outbox.ts';
import { runConsumer, type ConsumerSpec, type RunningConsumer } from './kafka/runner.ts';
import { ensureTopics } from './kafka/topics.ts';
import { createLogger, logProcessWarnings, type Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { assertSchemas } from './xsd/libxml2.ts';

export interface ServiceContext<C extends BaseConfig> {
  config: C;
  log: Logger;
  pool: Pool;
  kafka: Kafka;
  producer: Producer;
  relay: OutboxRelay;
  metrics: Metrics;
  blobs: BlobStore;
  http: FastifyInstance;
  /** Starts a consumer under the processing contract; it is stopped with the service. */
  consume(spec: ConsumerSpec): Promise<RunningConsumer>;
  /** Adds a named readiness check to /ready. */
  readiness(name: string, check: ReadinessCheck): void;
  /** Runs at stop, before the consumers stop (e.g. to stop timers). */
  onStop(fn: () => Promise<void> | void): void;
}

export interface ServiceDefinition<S extends z.ZodType<BaseConfig>> {
  name: string;
  config: S;
  /** Official schemas the service cannot run without: checked at start. */
  schemas?: readonly SchemaName[];
  bodyLimit?: number;
  setup(ctx: ServiceContext<z.infer<S>>): Promise<void>;
}

export interface RunningService {
  name: string;
  url: string;
  log: Logger;
  stop(): Promise<void>;
}

export async function startService<S extends z.ZodType<BaseConfig>>(
  def: ServiceDefinition<S>,
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadConfig(def.config, { SERVICE_NAME: def.name, ...env });
  const log = createLogger(def.name, config.LOG_LEVEL);
  if (def.schemas) assertSchemas(config.SCHEMA_DIR, def.schemas);

  const pool = createPool(config.DATABASE_URL, 10, (err) => log.warn({ err }, 'idle database connection lost'));
  const applied = await migrate(pool);
  if (applied.length > 0) log.info({ applied }, 'applied migrations');

  const kafka = createKafka(def.name, config.KAFKA_BROKERS, log);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, config.TOPIC_PREFIX, log);
  await admin.disconnect();
  const producer = await createProducer(kafka);
  const metrics = createMetrics(def.name);
  const relay = new OutboxRelay({ pool, kafka, prefix: config.TOPIC_PREFIX, log, metrics });
  relay.start();

  const checks: Record<string, ReadinessCheck> = {
    postgres: async () => (await pool.query('SELECT 1')).rowCount === 1,
  };
  const http = createHttpServer({ log, metrics, checks, ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}) });
  const consumers: RunningConsumer[] = [];
  const stopHooks: (() => Promise<void> | void)[] = [];
  const ctx: ServiceContext<z.infer<S>> = {
    config,
    log,
    pool,
    kafka,
    producer,
    relay,
    metrics,
    blobs: new FsBlobStore(config.BLOB_DIR),
    http,
    consume: async (spec) => {
      const c = await runConsumer(spec, { kafka, pool, producer, relay, prefix: config.TOPIC_PREFIX, log, metrics });
      consumers.push(c);
      checks[`consumer:${spec.name}`] = c.joined;
      return c;
    },
    readiness: (name, check) => {
      checks[name] = check;
    },
    onStop: (fn) => {
      stopHooks.push(fn);
    },
  };
  await def.setup(ctx);
  const url = await http.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  log.info({ url }, 'service started');

  let stopping: Promise<void> | undefined;
  return {
    name: def.name,
    url,
    log,
    stop: () =>
      (stopping ??= (async () => {
        log.info('stopping');
        await http.close();
        for (const fn of stopHooks) await fn();
        await Promise.all(consumers.map((c) => c.stop()));
        await relay.stop();
        await producer.disconnect();
        await pool.end();
        log.info('stopped');
      })()),
  };
}

/** Entry point of a deployable: starts it, stops it gracefully on SIGINT/SIGTERM. */
export function main<S extends z.ZodType<BaseConfig>>(def: ServiceDefinition<S>): void {
  const level = BaseConfig.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL).data ?? 'info';
  logProcessWarnings(createLogger(def.name, level));
  startService(def).then(
    (svc) => {
      const shutdown = (signal: string) => {
        svc.log.info({ signal }, 'shutdown requested');
        const force = setTimeout(() => process.exit(1), 30_000);
        force.unref();
        svc.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            svc.log.error({ err }, 'unclean shutdown');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
    (err: unknown) => {
      const log = createLogger(def.name);
      log.fatal({ err, code: (err as { code?: string }).code }, 'service failed to start');
      process.exit(1);
    },
  );
}
