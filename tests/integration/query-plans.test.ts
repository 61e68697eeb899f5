/**
 * The lookups made for every invoice, and the queries polled on a timer, stay on an index, on
 * real PostgreSQL with the project's migrations: on a table of tens of millions of invoices a
 * sequential scan per invoice is seconds each (the duplicate-number check read the whole
 * invoices table until migration 008).
 * Sequential scans are disabled for the EXPLAIN, so a missing or unusable index shows as a
 * Seq Scan whatever the table's size.
 */
import { describe, expect, it } from 'vitest';
import { DUE_BORDEREAUX_SQL } from '../../services/bordereau/assembly.ts';
import { UNMATCHED_INVOICE_SQL, WAITING_MANDATE_SQL } from '../../services/bordereau/matching.ts';
import { DUPLICATE_NUMBER_SQL } from '../../services/validator/validate.ts';
import { useMigratedDatabase } from '../support/database.ts';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

const db = useMigratedDatabase('plans');

/** The plan's scans of `table`, as `Node Type` or `Node Type on index`. */
async function scansOf(sql: string, params: unknown[], table: string): Promise<string[]> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return nodes(rows[0]!['QUERY PLAN'][0].Plan)
      .filter((n) => n['Relation Name'] === table)
      .map((n) => (n['Index Name'] ? `${n['Node Type']} on ${n['Index Name']}` : n['Node Type']));
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('per-invoice lookups, and the polls on a timer, use an index', () => {
  it.each([
    ['validator: duplicate supplier and number', DUPLICATE_NUMBER_SQL, ['FR12345678901234', 'FA-1', 'inv_x'], 'invoices', 'invoices_seller_number'],
    ['bordereau: the mandate waiting for an invoice', WAITING_MANDATE_SQL, ['FR12345678901234', 'FA-1'], 'mandates', 'mandates_invoice_key'],
    ['bordereau: the invoice waiting for a mandate', UNMATCHED_INVOICE_SQL, ['FR12345678901234', 'FA-1'], 'matchable_invoices', 'matchable_invoices_key'],
    ['bordereau timer: the open bordereaux due for closing', DUE_BORDEREAUX_SQL, [3600], 'bordereaux', 'bordereaux_open_group'],
  ])('%s', async (_, sql, params, table, index) => {
    const scans = await scansOf(sql, params, table);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toMatch(new RegExp(`Index.* on ${index}$`));
  });
});
