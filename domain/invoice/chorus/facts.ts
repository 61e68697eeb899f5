/**
 * What the Chorus Pro rules look at: a few facts of the invoice (mapped from the canonical model
 * by the caller) and the directory's settings for its buyer.
 */
import { z } from 'zod';
import { codeBud, codeCol, idPost, nomenclature, type SimpleType } from '../../pes/simple-types.ts';

/** A string of a DGFiP simple type, checked by the PES module's own definition. */
const dgfip = (t: SimpleType) =>
  z.string().superRefine((v, ctx) => {
    const problem = t.problem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `${t.name}: ${problem}` });
  });

export const ChorusFacts = z.object({
  documentKind: z.enum(['invoice', 'creditnote']),
  /** Which syntax the invoice came in, to point at the element in findings. */
  syntax: z.enum(['ubl', 'cii']).optional(),
  /** BT-46 (or BT-47): the public buyer's identifier, and its scheme (BT-46-1; 0009 is SIRET). */
  buyerId: z.string().optional(),
  buyerIdScheme: z.string().optional(),
  /** BT-29 (or BT-30): the supplier's identifier and scheme. */
  sellerId: z.string().optional(),
  sellerIdScheme: z.string().optional(),
  /** BT-40: the supplier's country (ISO 3166-1 alpha-2). */
  sellerCountry: z.string().optional(),
  /** BT-10: the code service of the public buyer. */
  buyerReference: z.string().optional(),
  /** BT-13: the engagement juridique (purchase order) number. */
  orderReference: z.string().optional(),
  /** BT-23: the cadre de facturation. */
  businessProcess: z.string().optional(),
  /** BT-25: the invoices a credit note corrects. */
  precedingInvoices: z.array(z.string()).default([]),
});
export type ChorusFacts = z.infer<typeof ChorusFacts>;

/** A public buyer as the directory knows it: where its mandates go in Hélios, and what its invoices must carry. */
export const BuyerSettings = z.object({
  siret: z.string().regex(/^\d{14}$/),
  name: z.string().optional(),
  requiresServiceCode: z.boolean(),
  requiresEngagement: z.boolean(),
  idPost: dgfip(idPost),
  codCol: dgfip(codeCol),
  codBud: dgfip(codeBud),
  /** The budget's nomenclature: M14, M52, M57, M71, M4x, M22… */
  nomenclature: dgfip(nomenclature),
  active: z.boolean().default(true),
});
export type BuyerSettings = z.infer<typeof BuyerSettings>;

/** UNTDID 1001 codes of credit notes, which a UBL Invoice or a CII document may carry too. */
const CREDIT_NOTE_TYPE_CODES = new Set(['81', '83', '381', '396', '532']);

/** A credit note by its root (UBL CreditNote) or by its type code (BT-3). */
export const documentKindOf = (root: string, typeCode: string | undefined): ChorusFacts['documentKind'] =>
  root === 'CreditNote' || CREDIT_NOTE_TYPE_CODES.has(typeCode?.trim() ?? '') ? 'creditnote' : 'invoice';
