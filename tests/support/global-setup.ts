/**
 * Integration tests' infrastructure, chosen once per run:
 *  1. KAFKA_BROKERS / DATABASE_URL when set (CI, a developer's own services);
 *  2. otherwise testcontainers, when a container runtime answers;
 *  3. otherwise the project's local broker (scripts/kafka.sh, started here and stopped after
 *     if this run started it) and the local PostgreSQL on 127.0.0.1:5432.
 * Each test file then works in its own topic prefix and its own database (namespace.ts).
 */
import type { TestProject } from 'vitest/node';
import { ensureLocalBroker } from './local-broker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    /** A server URL whose user may CREATE DATABASE; test files create their own database on it. */
    adminDatabaseUrl: string;
  }
}

async function containerRuntime(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardown: (() => Promise<void>)[] = [];
  let brokers = process.env.KAFKA_BROKERS;
  let databaseUrl = process.env.DATABASE_URL;
  const useContainers = (!brokers || !databaseUrl) && (await containerRuntime());

  if (!brokers && useContainers) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    brokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    teardown.push(async () => void (await kafka.stop()));
  }
  if (!brokers) {
    const local = ensureLocalBroker();
    brokers = local.brokers;
    if (local.stop) teardown.push(() => Promise.resolve(local.stop?.()));
  }
  if (!databaseUrl && useContainers) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:15-alpine').start();
    databaseUrl = pg.getConnectionUri();
    teardown.push(async () => void (await pg.stop()));
  }
  databaseUrl ??= 'postgres://postgres@127.0.0.1:5432/postgres';

  project.provide('kafkaBrokers', brokers);
  project.provide('adminDatabaseUrl', databaseUrl);
  return async () => {
    for (const t of teardown.reverse()) await t();
  };
}
