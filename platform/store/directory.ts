/** The buyer directory (collectivités) and the supplier directory, in PostgreSQL. */
import { z } from 'zod';
import { Collectivite } from '../../domain/events.ts';
import { SupplierDetails } from '../../domain/mandate/model.ts';
import type { Tx } from '../db/pool.ts';

type Db = Pick<Tx, 'query'>;

export const BuyerEntry = Collectivite.extend({
  requiresServiceCode: z.boolean().default(false),
  requiresEngagement: z.boolean().default(false),
  active: z.boolean().default(true),
  aliases: z.array(z.string()).default([]),
});
export type BuyerEntry = z.infer<typeof BuyerEntry>;

interface BuyerRow {
  siret: string;
  name: string;
  requires_service_code: boolean;
  requires_engagement: boolean;
  id_post: string;
  cod_col: string;
  cod_bud: string;
  nomenclature: string;
  active: boolean;
  aliases: string[];
}

const toEntry = (r: BuyerRow): BuyerEntry => ({
  siret: r.siret,
  name: r.name,
  idPost: r.id_post,
  codCol: r.cod_col,
  codBud: r.cod_bud,
  nomenclature: r.nomenclature,
  requiresServiceCode: r.requires_service_code,
  requiresEngagement: r.requires_engagement,
  active: r.active,
  aliases: r.aliases,
});

/** A buyer by its SIRET or by another identifier invoices use for it. */
export async function findBuyer(db: Db, id: string): Promise<BuyerEntry | undefined> {
  const { rows } = await db.query<BuyerRow>('SELECT * FROM buyers WHERE siret = $1 OR $1 = ANY(aliases) ORDER BY siret LIMIT 1', [id]);
  return rows[0] && toEntry(rows[0]);
}

export async function upsertBuyer(db: Db, b: BuyerEntry): Promise<void> {
  await db.query(
    `INSERT INTO buyers (siret, name, requires_service_code, requires_engagement, id_post, cod_col, cod_bud, nomenclature, active, aliases)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (siret) DO UPDATE SET name = $2, requires_service_code = $3, requires_engagement = $4, id_post = $5,
       cod_col = $6, cod_bud = $7, nomenclature = $8, active = $9, aliases = $10`,
    [b.siret, b.name, b.requiresServiceCode, b.requiresEngagement, b.idPost, b.codCol, b.codBud, b.nomenclature, b.active, b.aliases],
  );
}

export const collectiviteOf = (b: BuyerEntry): Collectivite => ({
  siret: b.siret,
  name: b.name,
  idPost: b.idPost,
  codCol: b.codCol,
  codBud: b.codBud,
  nomenclature: b.nomenclature,
});

export async function findSupplier(db: Db, siret: string): Promise<SupplierDetails | undefined> {
  const { rows } = await db.query<{ details: unknown }>('SELECT details FROM suppliers WHERE siret = $1', [siret]);
  return rows[0] && SupplierDetails.parse(rows[0].details);
}

export async function saveSupplier(db: Db, siret: string, details: SupplierDetails): Promise<void> {
  await db.query(
    `INSERT INTO suppliers (siret, details) VALUES ($1, $2)
     ON CONFLICT (siret) DO UPDATE SET details = $2, updated_at = now() WHERE suppliers.details IS DISTINCT FROM $2`,
    [siret, JSON.stringify(details)],
  );
}
