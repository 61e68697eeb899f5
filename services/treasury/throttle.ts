/**
 * Per-post sending budget over a sliding window, counted from the transmissions table, so every
 * instance of the service sees the same budget. Returns how long to wait before the next send.
 * clock_timestamp(), not now(): the caller waits inside one transaction, where now() stands still.
 */
import type { Tx } from '../../platform/db/pool.ts';
import type { Throttle } from './routes.ts';

export async function waitBeforeSending(tx: Pick<Tx, 'query'>, idPost: string, size: number, t: Throttle): Promise<number> {
  const { rows } = await tx.query<{ files: number; bytes: string; oldest: Date | null }>(
    `SELECT count(*)::int AS files, coalesce(sum(byte_size), 0)::text AS bytes, min(sent_at) AS oldest
     FROM transmissions WHERE id_post = $1 AND sent_at > clock_timestamp() - make_interval(secs => $2)`,
    [idPost, t.windowSeconds],
  );
  const r = rows[0]!;
  if (r.files + 1 <= t.files && Number(r.bytes) + size <= t.bytes) return 0;
  if (r.oldest === null) return 0; // a single file larger than the budget still goes, alone
  return Math.max(0, r.oldest.getTime() + t.windowSeconds * 1000 - Date.now());
}
