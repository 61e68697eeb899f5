/**
 * What the tests that upload through the gateway start from: a private namespace, the gateway
 * running in this process, a pool on the namespace's database and the buyer directory seeded.
 */
import { createPool, type Pool } from '../../platform/db/pool.ts';
import type { RunningService } from '../../platform/service.ts';
import { seedDirectory } from './fixtures.ts';
import { createNamespace, type TestNamespace } from './namespace.ts';
import { startInProcess } from './services.ts';

export interface GatewayUnderTest {
  ns: TestNamespace;
  pool: Pool;
  url: string;
  /** The services running in this process, the gateway first; close() stops them, the last first. */
  running: RunningService[];
  close(): Promise<void>;
}

export async function startGateway(label: string, gatewayEnv: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const ns = await createNamespace(label);
  const running: RunningService[] = [];
  const pool = createPool(ns.databaseUrl);
  const close = async () => {
    for (const s of running.reverse()) await s.stop();
    await pool.end();
    await ns.drop();
  };
  try {
    running.push(await startInProcess('gateway', { ...ns.env, HTTP_PORT: '0', ...gatewayEnv }));
    await seedDirectory(pool);
  } catch (err) {
    await close();
    throw err;
  }
  return { ns, pool, url: running[0]!.url, running, close };
}
