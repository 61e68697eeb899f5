/**
 * The messages services exchange, as zod schemas (payloads only: the envelope is transport,
 * see platform/kafka/envelope.ts). A payload change that old readers cannot read gets a new version.
 */
import { z } from 'zod';
import { Finding } from './finding.ts';
import { Mandate } from './mandate/model.ts';

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number written with a dot');

export const InvoiceReceived = z.object({
  invoiceId: z.string(),
  /** sha256 of the uploaded bytes: the key of the original in the blob store. */
  blobKey: z.string().regex(/^[0-9a-f]{64}$/),
  byteSize: z.number().int().positive(),
  mediaType: z.string(),
  fileName: z.string().optional(),
  receivedAt: z.iso.datetime(),
});
export type InvoiceReceived = z.infer<typeof InvoiceReceived>;

export const Party = z.object({
  name: z.string().optional(),
  /** SIRET (or other legal id) as written, and its scheme. */
  id: z.string().optional(),
  idScheme: z.string().optional(),
  vatId: z.string().optional(),
  countryCode: z.string().optional(),
  address: z
    .object({ line1: z.string().optional(), line2: z.string().optional(), city: z.string().optional(), postCode: z.string().optional() })
    .optional(),
});

/** What the stages after validation need to know of an invoice; the full canonical model travels beside it. */
export const InvoiceSummary = z.object({
  number: z.string(), // BT-1
  issueDate: z.string(), // BT-2
  typeCode: z.string(), // BT-3
  kind: z.enum(['invoice', 'creditnote']),
  currency: z.string(), // BT-5
  buyerReference: z.string().optional(), // BT-10 code service
  orderReference: z.string().optional(), // BT-13 engagement
  contractReference: z.string().optional(), // BT-12 marché
  seller: Party,
  buyer: Party,
  payee: z.object({ iban: z.string().optional(), bic: z.string().optional(), accountName: z.string().optional() }).optional(),
  totals: z.object({
    taxExclusive: Decimal, // BT-109
    tax: Decimal, // BT-110
    taxInclusive: Decimal, // BT-112
    payable: Decimal, // BT-115
  }),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

/** The buyer as the directory knows it: who pays, through which treasury post and budget. */
export const Collectivite = z.object({
  siret: z.string(), // IdColl
  name: z.string(),
  idPost: z.string(),
  codCol: z.string(),
  codBud: z.string(),
  nomenclature: z.string(),
});
export type Collectivite = z.infer<typeof Collectivite>;

export const InvoiceValidated = z.object({
  invoiceId: z.string(),
  blobKey: z.string(),
  format: z.enum(['ubl-invoice', 'ubl-creditnote', 'cii', 'facturx']),
  fileName: z.string().optional(),
  mediaType: z.string(),
  summary: InvoiceSummary,
  /** Absent when the buyer is not in the directory (French rules in warning mode only). */
  collectivite: Collectivite.optional(),
  /** The canonical EN 16931 model (domain/invoice/model.ts), embedded attachments' content left in the original. */
  invoice: z.unknown(),
  warnings: z.array(Finding),
});
export type InvoiceValidated = z.infer<typeof InvoiceValidated>;

export const InvoiceRejected = z.object({
  invoiceId: z.string(),
  blobKey: z.string(),
  format: z.string().optional(),
  findings: z.array(Finding).min(1),
});
export type InvoiceRejected = z.infer<typeof InvoiceRejected>;

export const InvoiceStatusChanged = z.object({
  invoiceId: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  at: z.iso.datetime(),
  cause: z.string(),
  source: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type InvoiceStatusChanged = z.infer<typeof InvoiceStatusChanged>;

/** A PES_Aller file ready for the treasury post `idPost`, stored in the blob store. */
export const PesReady = z.object({
  nomFic: z.string(),
  codCol: z.string(),
  idPost: z.string(),
  idColl: z.string(),
  blobKey: z.string(),
  byteSize: z.number().int().positive(),
  bordereaux: z.array(z.object({ exer: z.string(), idBord: z.string(), codBud: z.string(), typBord: z.string() })),
  invoiceIds: z.array(z.string()),
});
export type PesReady = z.infer<typeof PesReady>;

export const PesTransmitted = z.object({
  nomFic: z.string(),
  codCol: z.string(),
  idPost: z.string(),
  endpoint: z.string(),
  location: z.string(),
  invoiceIds: z.array(z.string()),
});
export type PesTransmitted = z.infer<typeof PesTransmitted>;

export const MandateSubmitted = z.object({
  mandateId: z.string(),
  /** Complete: buyer settings and known supplier details were merged in at intake. */
  mandate: Mandate,
  collectivite: Collectivite,
  submittedAt: z.iso.datetime(),
});
export type MandateSubmitted = z.infer<typeof MandateSubmitted>;

/** An acknowledgment file from the treasury, stored in the blob store, to be applied. */
export const TreasuryAcknowledged = z.object({
  blobKey: z.string(),
  source: z.string(),
  name: z.string().optional(),
  receivedAt: z.iso.datetime(),
});
export type TreasuryAcknowledged = z.infer<typeof TreasuryAcknowledged>;
