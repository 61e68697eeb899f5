/**
 * A private namespace for one test file: its own PostgreSQL database, topic prefix and blob
 * folder, so test files and test runs never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { SCHEMA_DIR } from './paths.ts';

export interface TestNamespace {
  env: Record<string, string>;
  databaseUrl: string;
  prefix: string;
  brokers: string[];
  dir: string;
  drop(): Promise<void>;
}

export async function createNamespace(label: string): Promise<TestNamespace> {
  const id = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(inject('adminDatabaseUrl'));
  const database = `einv_test_${id}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const url = new URL(admin.toString());
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), `einv-${id}-`));
  const prefix = `test.${id}.`;
  const brokers = inject('kafkaBrokers');
  return {
    databaseUrl: url.toString(),
    prefix,
    brokers: brokers.split(','),
    dir,
    env: {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: url.toString(),
      TOPIC_PREFIX: prefix,
      SCHEMA_DIR,
      BLOB_DIR: join(dir, 'blobs'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      HTTP_PORT: '0',
    },
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
