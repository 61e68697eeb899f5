/**
 * A mandate (mandat de dépense) as a finance department submits it. What the buyer directory
 * already knows (IdPost, CodCol, CodBud, nomenclature) and what the supplier directory knows
 * (name, address, bank account) is not asked again: the mandate names the collectivité by
 * SIRET and the supplier by SIRET, and only overrides when it must.
 */
import { z } from 'zod';

const Amount = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'a positive amount with at most 12 digits before the dot and 2 after, e.g. 1250.00 (a negative total is settled by an annulation bordereau, not a mandate)');
const Siret = z.string().regex(/^\d{14}$/, '14 digits');

export const MandateLine = z.object({
  /** Nature: the budget account (compte par nature), e.g. 6228. */
  nature: z.string().regex(/^\d{1,12}$/, 'digits only, at most 12'),
  /** Fonction: only with nomenclatures that use it (M14, M52, M57, M71). */
  fonction: z.string().min(1).max(10).optional(),
  operation: z.string().min(1).max(10).optional(),
  mtHT: Amount,
  mtTVA: Amount.default('0.00'),
  /** Libellé de virement shown to the supplier; defaults to the invoice number. */
  libVir: z.string().min(1).max(70).optional(),
});
export type MandateLine = z.infer<typeof MandateLine>;

export const SupplierDetails = z.object({
  siret: Siret.optional(),
  name: z.string().min(1).max(38).optional(),
  address: z
    .object({
      adr1: z.string().max(38).optional(),
      adr2: z.string().min(1).max(38),
      adr3: z.string().max(38).optional(),
      cp: z.string().regex(/^\d{5}$/, '5 digits'),
      ville: z.string().min(1).max(38),
      codPays: z.string().regex(/^[A-Z]{2}$/).optional(),
    })
    .optional(),
  iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'an IBAN without spaces').optional(),
  bic: z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, 'a BIC of 8 or 11 characters').optional(),
  /** CatTiers / NatJur (annexe 3 of the PES specification): by default a private company (CatTiers 50, NatJur 03 société). */
  catTiers: z.string().regex(/^\d{2}$/).default('50'),
  natJur: z.string().regex(/^\d{2}$/).default('03'),
});
export type SupplierDetails = z.infer<typeof SupplierDetails>;

export const Mandate = z.object({
  /** The department's own reference for this mandate, unique within the collectivité. */
  reference: z.string().min(1).max(50),
  /** The collectivité (ordonnateur) by SIRET: its budget and treasury post come from the buyer directory. */
  idColl: Siret,
  exer: z.string().regex(/^20\d{2}$/, 'a year such as 2026'),
  typPce: z.string().regex(/^\d{2}$/).default('01'),
  natPce: z.string().regex(/^\d{2}$/).default('01'),
  obj: z.string().min(1).max(100).optional(),
  codServ: z.string().min(1).max(10).optional(),
  /** ModRegl: 03 virement (default) needs the supplier's bank account. */
  modRegl: z.string().regex(/^\d{2}$/).default('03'),
  supplier: SupplierDetails,
  /** The invoice this mandate pays: the supplier's id as on the invoice (BT-29/30) and its number (BT-1). */
  invoice: z.object({ sellerId: z.string().min(1), number: z.string().min(1).max(20) }),
  lines: z.array(MandateLine).min(1).max(999),
  /**
   * For an invoice in another currency than the euro: its totals as invoiced, which must agree
   * with the invoice; the lines then carry the department's conversion to euros.
   */
  invoiceTotals: z.object({ currency: z.string().regex(/^[A-Z]{3}$/), taxExclusive: Amount, tax: Amount }).optional(),
});
export type Mandate = z.infer<typeof Mandate>;
export type MandateInput = z.input<typeof Mandate>;
