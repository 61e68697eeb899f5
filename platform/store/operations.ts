/** What operators ask per treasury post: what waits, what is in flight, what failed. */
import type { Tx } from '../db/pool.ts';

export interface PostSummary {
  idPost: string;
  openBordereaux: number;
  waiting: number;
  inFlight: number;
  accepted: number;
  rejected: number;
  deadLettered: number;
}

export interface PostDetail {
  waiting: { nomFic: string; closedAt: string }[];
  inFlight: { nomFic: string; codCol: string; sentAt: string; location: string | null }[];
  rejected: { nomFic: string; codCol: string; sentAt: string }[];
  deadLettered: { messageId: string | null; nomFic: string | null; errorCode: string; error: string; failedAt: string }[];
}

export async function summarizePosts(db: Pick<Tx, 'query'>): Promise<PostSummary[]> {
  const { rows } = await db.query<PostSummary>(`
    WITH posts AS (
      SELECT id_post FROM bordereaux UNION SELECT id_post FROM transmissions
    ), dead AS (
      SELECT (o.value::jsonb -> 'payload' ->> 'idPost') AS id_post, count(*)::int AS n
      FROM dead_letters d JOIN outbox o ON o.id = d.message_id
      WHERE d.topic = 'pes.ready' AND d.retried_at IS NULL GROUP BY 1
    )
    SELECT p.id_post AS "idPost",
      (SELECT count(*)::int FROM bordereaux b WHERE b.id_post = p.id_post AND b.status = 'open') AS "openBordereaux",
      (SELECT count(*)::int FROM bordereaux b WHERE b.id_post = p.id_post AND b.status = 'closed'
         AND NOT EXISTS (SELECT 1 FROM transmissions t WHERE t.nom_fic = b.nom_fic AND t.cod_col = b.cod_col)) AS waiting,
      (SELECT count(*)::int FROM transmissions t WHERE t.id_post = p.id_post AND t.status = 'sent') AS "inFlight",
      (SELECT count(*)::int FROM transmissions t WHERE t.id_post = p.id_post AND t.status IN ('accepted', 'partially_accepted')) AS accepted,
      (SELECT count(*)::int FROM transmissions t WHERE t.id_post = p.id_post AND t.status = 'rejected') AS rejected,
      coalesce((SELECT n FROM dead WHERE dead.id_post = p.id_post), 0) AS "deadLettered"
    FROM posts p ORDER BY p.id_post`);
  return rows;
}

export async function postDetail(db: Pick<Tx, 'query'>, idPost: string): Promise<PostDetail> {
  const iso = (d: Date) => d.toISOString();
  const waiting = await db.query<{ nom_fic: string; closed_at: Date }>(
    `SELECT nom_fic, closed_at FROM bordereaux b WHERE id_post = $1 AND status = 'closed'
       AND NOT EXISTS (SELECT 1 FROM transmissions t WHERE t.nom_fic = b.nom_fic AND t.cod_col = b.cod_col) ORDER BY closed_at`,
    [idPost],
  );
  const sent = await db.query<{ nom_fic: string; cod_col: string; sent_at: Date; location: string | null; status: string }>(
    `SELECT nom_fic, cod_col, sent_at, location, status FROM transmissions WHERE id_post = $1 AND status IN ('sent', 'rejected') ORDER BY sent_at`,
    [idPost],
  );
  const dead = await db.query<{ message_id: string | null; nom_fic: string | null; error_code: string; error: string; failed_at: Date }>(
    `SELECT d.message_id, o.value::jsonb -> 'payload' ->> 'nomFic' AS nom_fic, d.error_code, d.error, d.failed_at
     FROM dead_letters d JOIN outbox o ON o.id = d.message_id
     WHERE d.topic = 'pes.ready' AND d.retried_at IS NULL AND o.value::jsonb -> 'payload' ->> 'idPost' = $1 ORDER BY d.id`,
    [idPost],
  );
  return {
    waiting: waiting.rows.map((r) => ({ nomFic: r.nom_fic, closedAt: iso(r.closed_at) })),
    inFlight: sent.rows.filter((r) => r.status === 'sent').map((r) => ({ nomFic: r.nom_fic, codCol: r.cod_col, sentAt: iso(r.sent_at), location: r.location })),
    rejected: sent.rows.filter((r) => r.status === 'rejected').map((r) => ({ nomFic: r.nom_fic, codCol: r.cod_col, sentAt: iso(r.sent_at) })),
    deadLettered: dead.rows.map((r) => ({ messageId: r.message_id, nomFic: r.nom_fic, errorCode: r.error_code, error: r.error, failedAt: iso(r.failed_at) })),
  };
}
