/**
 * A test file's own database (namespace.ts) with the project's migrations, dropped after its
 * tests. Call it before the file's own hooks: vitest runs `afterAll` hooks in reverse order
 * (sequence.hooks 'stack'), so what the file started on the pool stops before the pool closes.
 */
import { afterAll, beforeAll } from 'vitest';
import { createPool, type Pool } from '../../platform/db/pool.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createNamespace, type TestNamespace } from './namespace.ts';

export interface MigratedDatabase {
  /** Set once the file's beforeAll hooks have run. */
  readonly pool: Pool;
  readonly ns: TestNamespace;
}

export function useMigratedDatabase(label: string): MigratedDatabase {
  const db: { pool?: Pool; ns?: TestNamespace } = {};
  beforeAll(async () => {
    db.ns = await createNamespace(label);
    db.pool = createPool(db.ns.databaseUrl);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.pool?.end();
    await db.ns?.drop();
  });
  return {
    get pool() {
      return db.pool!;
    },
    get ns() {
      return db.ns!;
    },
  };
}
