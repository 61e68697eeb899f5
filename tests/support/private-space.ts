/**
 * A private space on a shared PostgreSQL server and broker: its own database, topic prefix and
 * blob folder, so test files, test runs and benchmark runs never see each other's data.
 * Free of vitest, so the benchmarks use it too (tests call it through namespace.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SCHEMA_DIR } from './paths.ts';

export interface PrivateSpace {
  /** What a service started in this space needs in its environment. */
  env: Record<string, string>;
  databaseUrl: string;
  prefix: string;
  brokers: string[];
  dir: string;
  /** Removes the database and the folder (topics stay: the broker is per run). */
  drop(): Promise<void>;
}

export interface SpaceHost {
  /** A database URL on the server with the right to create databases. */
  adminDatabaseUrl: string;
  /** Comma-separated, as KAFKA_BROKERS. */
  brokers: string;
  /** Names the database (`einv_<kind>_…`), topic prefix and folder after what uses them. */
  kind: 'test' | 'bench';
  logLevel?: string;
}

export async function createPrivateSpace(label: string, host: SpaceHost): Promise<PrivateSpace> {
  const id = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const database = `einv_${host.kind}_${id}`;
  await asAdmin(host.adminDatabaseUrl, `CREATE DATABASE ${database}`);
  const url = new URL(host.adminDatabaseUrl);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), `einv-${host.kind}-${id}-`));
  const prefix = `${host.kind}.${id}.`;
  return {
    databaseUrl: url.toString(),
    prefix,
    brokers: host.brokers.split(','),
    dir,
    env: {
      KAFKA_BROKERS: host.brokers,
      DATABASE_URL: url.toString(),
      TOPIC_PREFIX: prefix,
      SCHEMA_DIR,
      BLOB_DIR: join(dir, 'blobs'),
      LOG_LEVEL: host.logLevel ?? 'warn',
      HTTP_PORT: '0',
    },
    async drop() {
      await asAdmin(host.adminDatabaseUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function asAdmin(adminDatabaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
