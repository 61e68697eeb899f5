/**
 * The validator's duplicate-number check (one query per validated invoice) against a large
 * invoices table, with the index of migration 008 and without it: what a sequential scan per
 * invoice would cost at volume.
 *   node_modules/.bin/node scripts/bench/duplicate-check.ts [invoices]
 * Uses the PostgreSQL server of BENCH_DATABASE_SERVER (default the local one), in a database of
 * its own, dropped at the end. Writes the "Duplicate check" section of BENCHMARKS.md.
 */
import { loadavg } from 'node:os';
import { createPool } from '../../platform/db/pool.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { DUPLICATE_NUMBER_SQL } from '../../services/validator/validate.ts';
import { createPrivateSpace } from '../../tests/support/private-space.ts';
import { machine, writeSection } from './bench-report.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const LOOKUPS = 200;
const say = (s: string) => process.stderr.write(`[duplicate-check] ${s}\n`);
const server = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const space = await createPrivateSpace('dup', { adminDatabaseUrl: server, brokers: '', kind: 'bench' });
const pool = createPool(space.databaseUrl, 2);
try {
  await migrate(pool);
  // Suppliers with spaces in their identifiers, as invoices write them; 20 invoices each.
  for (let done = 0; done < N; done += 100_000) {
    const upTo = Math.min(N, done + 100_000);
    await pool.query(
      `INSERT INTO invoices (id, content_hash, byte_size, media_type, status, seller_id, invoice_number)
       SELECT 'inv_' || g, 'sha_' || g, 8000, 'application/xml', 'validated', 'FR ' || (g / 20), 'FA-' || g FROM generate_series($1::int + 1, $2::int) g`,
      [done, upTo],
    );
    say(`${upTo.toLocaleString('en')} / ${N.toLocaleString('en')} invoices inserted`);
  }
  await pool.query('ANALYZE invoices');

  /** Mean ms per lookup, half of them finding a duplicate. */
  const time = async (): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const g = 1 + Math.floor((i * N) / LOOKUPS);
      await pool.query(DUPLICATE_NUMBER_SQL, [`FR${Math.floor(g / 20)}`, i % 2 === 0 ? `FA-${g}` : `FA-none-${g}`, 'inv_new']);
    }
    return (performance.now() - t) / LOOKUPS;
  };
  say('timing with the index');
  const indexed = await time();
  await pool.query('DROP INDEX invoices_seller_number');
  say('timing without it');
  const scanned = await time();

  const body = `
Command: \`node_modules/.bin/node scripts/bench/duplicate-check.ts ${N}\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}, PostgreSQL on the same machine.
The validator's duplicate-number check (\`DUPLICATE_NUMBER_SQL\`, one query per validated invoice), ${LOOKUPS} lookups on a table of ${N.toLocaleString('en')} invoices, half of them finding a duplicate.

| | ms per lookup |
|---|---:|
| with the index of migration 008 | ${indexed.toFixed(2)} |
| without it (sequential scan) | ${scanned.toFixed(2)} |

Without the index the cost grows with the table: one full read per validated invoice. Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')}.
`;
  writeSection('Duplicate check', body);
  process.stdout.write(body);
} finally {
  await pool.end();
  await space.drop();
}
