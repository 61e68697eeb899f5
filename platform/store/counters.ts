import type { Tx } from '../db/pool.ts';

/**
 * Takes the next `count` numbers of a gapless sequence inside `tx` and returns the first.
 * The row stays locked until the transaction ends, so numbers are never handed out twice,
 * and a rollback gives them back: no holes.
 */
export async function nextNumbers(tx: Tx, scope: string, count = 1): Promise<number> {
  const { rows } = await tx.query<{ last: string }>(
    `INSERT INTO counters (scope, last) VALUES ($1, $2)
     ON CONFLICT (scope) DO UPDATE SET last = counters.last + $2
     RETURNING last`,
    [scope, count],
  );
  return Number(rows[0]!.last) - count + 1;
}
