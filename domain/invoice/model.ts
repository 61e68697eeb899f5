/**
 * The canonical EN 16931 invoice, one model for both syntaxes (UBL 2.1 and CII D16B), following
 * the semantic model's groups (BG-x) and terms (BT-x).
 *
 * The model describes documents as they are, incomplete ones included: almost every term is
 * optional and the business rules decide what is missing. Values stay as written (no trimming,
 * no number parsing) because the official rules look at them that way (`normalize-space` here,
 * a character count there); amounts, quantities and percentages are decimal strings to compute
 * with decimal.js. Dates are ISO `YYYY-MM-DD` when the document wrote a valid date in its
 * syntax's format, and the text as written otherwise ('' for a CII date in another format).
 *
 * Every group instance keeps `at`, the XPath-like path of the element it was read from, so each
 * rule finding names its location.
 *
 * Where a syntax may repeat an element that EN 16931 has once and the official rules look at each
 * occurrence (a line's VAT category, an allowance's tax category), the model keeps a list.
 */
import { z } from 'zod';

/** XPath-like path of the source element, e.g. `/Invoice/cac:InvoiceLine[2]/cac:Item`. */
const At = z.string();
/** A decimal number as written: amount, quantity or percentage. */
const Num = z.string();
/** Text, code or identifier as written. */
const Text = z.string();

export const Identifier = z.object({
  at: At,
  id: Text.optional(),
  /** The scheme attribute as written (BT-x-1); absent when the element has none. */
  scheme: Text.optional(),
  /** CII only: written as `ram:GlobalID` (an identifier with a scheme) rather than `ram:ID`. */
  global: z.boolean().optional(),
});
export type Identifier = z.infer<typeof Identifier>;

/** A party's VAT identifier or tax registration: UBL PartyTaxScheme, CII SpecifiedTaxRegistration. */
export const TaxRegistration = z.object({
  at: At,
  id: Text.optional(), // BT-31, BT-32, BT-48, BT-63
  /** UBL TaxScheme/ID (`VAT` for a VAT identifier), CII @schemeID (`VA` VAT, `FC` tax registration). */
  scheme: Text.optional(),
});
export type TaxRegistration = z.infer<typeof TaxRegistration>;

export const Address = z.object({
  at: At,
  line1: Text.optional(), // BT-35, BT-50, BT-64, BT-75
  line2: Text.optional(), // BT-36, BT-51, BT-65, BT-76
  line3: Text.optional(), // BT-162, BT-163, BT-164, BT-165
  city: Text.optional(), // BT-37, BT-52, BT-66, BT-77
  postCode: Text.optional(), // BT-38, BT-53, BT-67, BT-78
  subdivision: Text.optional(), // BT-39, BT-54, BT-68, BT-79
  countryCode: Text.optional(), // BT-40, BT-55, BT-69, BT-80
});
export type Address = z.infer<typeof Address>;

export const Contact = z.object({
  at: At,
  name: Text.optional(), // BT-41, BT-56
  phone: Text.optional(), // BT-42, BT-57
  email: Text.optional(), // BT-43, BT-58
});
export type Contact = z.infer<typeof Contact>;

/** Seller (BG-4), Buyer (BG-7), Payee (BG-10) or Seller tax representative (BG-11). */
export const Party = z.object({
  at: At,
  name: Text.optional(), // BT-27, BT-44, BT-59, BT-62
  tradingName: Text.optional(), // BT-28, BT-45
  identifiers: z.array(Identifier), // BT-29, BT-46, BT-60 (and BT-90, scheme SEPA, in UBL)
  legalRegistration: Identifier.optional(), // BT-30, BT-47, BT-61
  taxRegistrations: z.array(TaxRegistration), // BT-31 and BT-32, BT-48, BT-63
  legalInfo: Text.optional(), // BT-33
  electronicAddress: Identifier.optional(), // BT-34, BT-49
  address: Address.optional(), // BG-5, BG-8, BG-12
  contact: Contact.optional(), // BG-6, BG-9
});
export type Party = z.infer<typeof Party>;

/** A VAT category as given on a line (BG-30), an allowance or charge, or a VAT breakdown. */
export const TaxCategory = z.object({
  at: At,
  code: Text.optional(), // BT-151, BT-95, BT-102, BT-118
  rate: Num.optional(), // BT-152, BT-96, BT-103, BT-119
  /** UBL TaxScheme/ID, CII TypeCode: `VAT` for EN 16931 VAT categories. */
  scheme: Text.optional(),
  exemptionReason: Text.optional(), // BT-120
  exemptionReasonCode: Text.optional(), // BT-121
});
export type TaxCategory = z.infer<typeof TaxCategory>;

/** Document level (BG-20, BG-21) or line level (BG-27, BG-28) allowance or charge. */
export const AllowanceCharge = z.object({
  at: At,
  /** The charge indicator as written (`true`: a charge, `false`: an allowance). */
  chargeIndicator: Text.optional(),
  /** CII only: where the indicator element is, the node the official CII rules report. */
  indicatorAt: At.optional(),
  amount: Num.optional(), // BT-92, BT-99, BT-136, BT-141
  baseAmount: Num.optional(), // BT-93, BT-100, BT-137, BT-142
  percentage: Num.optional(), // BT-94, BT-101, BT-138, BT-143
  taxCategories: z.array(TaxCategory), // BT-95/96, BT-102/103 (document level only in EN 16931)
  reason: Text.optional(), // BT-97, BT-104, BT-139, BT-144
  reasonCode: Text.optional(), // BT-98, BT-105, BT-140, BT-145
});
export type AllowanceCharge = z.infer<typeof AllowanceCharge>;

export const Period = z.object({
  at: At,
  start: Text.optional(), // BT-73, BT-134
  end: Text.optional(), // BT-74, BT-135
  /** CII: the format 102 strings as written ('' for none), which BR-29 and BR-30 compare as text, blanks included. */
  written: z.object({ start: Text.optional(), end: Text.optional() }).optional(),
});
export type Period = z.infer<typeof Period>;

export const Note = z.object({
  at: At,
  subjectCode: Text.optional(), // BT-21 (CII; UBL writes it inside the text as #CODE#)
  text: Text, // BT-22
});
export type Note = z.infer<typeof Note>;

export const PrecedingInvoice = z.object({
  at: At,
  reference: Text.optional(), // BT-25
  issueDate: Text.optional(), // BT-26
});
export type PrecedingInvoice = z.infer<typeof PrecedingInvoice>;

export const Delivery = z.object({
  at: At,
  name: Text.optional(), // BT-70
  locationId: Identifier.optional(), // BT-71
  date: Text.optional(), // BT-72
  address: Address.optional(), // BG-15
});
export type Delivery = z.infer<typeof Delivery>;

export const CreditTransfer = z.object({
  at: At,
  accountId: Text.optional(), // BT-84 (CII: the IBAN, else the proprietary identifier)
  accountName: Text.optional(), // BT-85
  serviceProvider: Text.optional(), // BT-86
});
export type CreditTransfer = z.infer<typeof CreditTransfer>;

export const Card = z.object({
  at: At,
  primaryAccountNumber: Text.optional(), // BT-87
  holderName: Text.optional(), // BT-88
});
export type Card = z.infer<typeof Card>;

/** One payment means (UBL PaymentMeans, CII SpecifiedTradeSettlementPaymentMeans) of BG-16. */
export const PaymentMeans = z.object({
  at: At,
  code: Text.optional(), // BT-81
  text: Text.optional(), // BT-82
  creditTransfers: z.array(CreditTransfer), // BG-17
  card: Card.optional(), // BG-18
});
export type PaymentMeans = z.infer<typeof PaymentMeans>;

export const DirectDebit = z.object({
  at: At,
  mandateReference: Text.optional(), // BT-89
  creditorId: Text.optional(), // BT-90
  debitedAccountId: Text.optional(), // BT-91
});
export type DirectDebit = z.infer<typeof DirectDebit>;

/** Document totals (BG-22) except the VAT totals, which carry their currency (`taxTotals`). */
export const DocumentTotals = z.object({
  at: At,
  lineTotal: Num.optional(), // BT-106
  allowanceTotal: Num.optional(), // BT-107
  chargeTotal: Num.optional(), // BT-108
  taxExclusive: Num.optional(), // BT-109
  taxInclusive: Num.optional(), // BT-112
  prepaid: Num.optional(), // BT-113
  rounding: Num.optional(), // BT-114
  payable: Num.optional(), // BT-115
});
export type DocumentTotals = z.infer<typeof DocumentTotals>;

/** Invoice total VAT amount (BT-110) or, in the VAT accounting currency, BT-111. */
export const TaxTotal = z.object({
  at: At,
  amount: Num.optional(),
  currency: Text.optional(),
});
export type TaxTotal = z.infer<typeof TaxTotal>;

export const VatBreakdown = z.object({
  at: At,
  taxableAmount: Num.optional(), // BT-116
  taxAmount: Num.optional(), // BT-117
  category: TaxCategory, // BT-118 … BT-121
  /** UBL only: index in `taxTotals` of the TaxTotal this subtotal belongs to. */
  taxTotal: z.number().int().nonnegative().optional(),
});
export type VatBreakdown = z.infer<typeof VatBreakdown>;

export const Attachment = z.object({
  content: Text, // BT-125 (base64 as written)
  mimeCode: Text.optional(), // BT-125-1
  filename: Text.optional(), // BT-125-2
});
export type Attachment = z.infer<typeof Attachment>;

/** Additional supporting document (BG-24), and the invoiced object identifier BT-18 (type code 130). */
export const SupportingDocument = z.object({
  at: At,
  reference: Text.optional(), // BT-122, BT-18, BT-128
  /** Scheme of an invoiced object identifier (BT-18-1, BT-128-1): UBL @schemeID, CII ReferenceTypeCode. */
  scheme: Text.optional(),
  typeCode: Text.optional(),
  description: Text.optional(), // BT-123
  uri: Text.optional(), // BT-124
  attachment: Attachment.optional(), // BT-125
});
export type SupportingDocument = z.infer<typeof SupportingDocument>;

export const ItemClassification = z.object({
  at: At,
  code: Text.optional(), // BT-158
  listId: Text.optional(), // BT-158-1
  listVersion: Text.optional(), // BT-158-2
});
export type ItemClassification = z.infer<typeof ItemClassification>;

export const ItemAttribute = z.object({
  at: At,
  name: Text.optional(), // BT-160
  value: Text.optional(), // BT-161
});
export type ItemAttribute = z.infer<typeof ItemAttribute>;

export const Item = z.object({
  at: At,
  name: Text.optional(), // BT-153
  description: Text.optional(), // BT-154
  sellerId: Text.optional(), // BT-155
  buyerId: Text.optional(), // BT-156
  standardId: Identifier.optional(), // BT-157
  classifications: z.array(ItemClassification), // BT-158
  originCountry: Text.optional(), // BT-159
  attributes: z.array(ItemAttribute), // BG-32
});
export type Item = z.infer<typeof Item>;

export const Price = z.object({
  at: At,
  netAmount: Num.optional(), // BT-146
  discount: Num.optional(), // BT-147
  grossAmount: Num.optional(), // BT-148
  baseQuantity: Num.optional(), // BT-149
  baseQuantityUnit: Text.optional(), // BT-150
});
export type Price = z.infer<typeof Price>;

export const Line = z.object({
  at: At,
  id: Text.optional(), // BT-126
  note: Text.optional(), // BT-127
  /** The line's referenced document: the invoiced object identifier BT-128 when its type code is 130. */
  objectReference: SupportingDocument.optional(),
  quantity: Num.optional(), // BT-129
  unitCode: Text.optional(), // BT-130
  netAmount: Num.optional(), // BT-131
  orderLineReference: Text.optional(), // BT-132
  accountingReference: Text.optional(), // BT-133
  period: Period.optional(), // BG-26
  allowanceCharges: z.array(AllowanceCharge), // BG-27, BG-28
  price: Price.optional(), // BG-29
  taxCategories: z.array(TaxCategory), // BG-30 (BT-151, BT-152)
  item: Item.optional(), // BG-31
  /**
   * Factur-X EXTENDED only: the line's sub-type (BT-X-8, `ram:LineStatusReasonCode`). A GROUP or
   * INFORMATION line repeats amounts its DETAIL lines carry, so the sums leave it out.
   */
  subtype: Text.optional(),
  /** Factur-X EXTENDED only: the line this one details (BT-X-304, `ram:ParentLineID`). */
  parentId: Text.optional(),
});
export type Line = z.infer<typeof Line>;

/**
 * Elements the official rules reach through `//` or an unanchored context, where the EN 16931
 * binding does not put them: in UBL a line's own TaxTotal, a sub-line's item, a price's
 * allowance…; in CII (whose contexts are fewer to escape) another party's tax registration, a
 * delivery's document. They carry no business term of their own; they are read so that the rules
 * see what the Schematron sees (rules/select.ts). The lists a syntax cannot fill stay empty.
 */
export const Elsewhere = z.object({
  taxTotals: z.array(TaxTotal), // `//cac:TaxTotal` below anything but the root
  vatBreakdown: z.array(VatBreakdown), // `cac:TaxTotal/cac:TaxSubtotal` in those
  classifiedTaxCategories: z.array(TaxCategory), // `//cac:ClassifiedTaxCategory` outside the lines' items
  allowanceCharges: z.array(AllowanceCharge), // `//cac:AllowanceCharge` below anything but the root and the lines
  supportingDocuments: z.array(SupportingDocument), // `cac:AdditionalDocumentReference` below anything but the root
  precedingInvoices: z.array(PrecedingInvoice), // `cac:BillingReference` below anything but the root
  deliverToAddresses: z.array(Address), // `cac:Delivery/cac:DeliveryLocation/cac:Address` of another delivery than the invoice's
  /** `cac:InvoicePeriod` but the invoice's first and the lines' (BR-29, BR-CO-19), with its own VAT point date code. */
  periods: z.array(Period.extend({ descriptionCode: Text.optional() })),
  linePeriods: z.array(Period), // a line's `cac:InvoicePeriod` after its first (BR-30, BR-CO-20)
  itemAttributes: z.array(ItemAttribute), // `//cac:AdditionalItemProperty` outside the lines' items
  taxRegistrations: z.array(TaxRegistration), // `//cac:PartyTaxScheme` of other parties than the seller, buyer, payee and tax representative
  payees: z.array(Party), // CII `//ram:PayeeTradeParty` of a payment term (BR-17)
  itemClassifications: z.array(ItemClassification), // CII `//ram:DesignatedProductClassification` of a sub-line's product (BR-65)
});
export type Elsewhere = z.infer<typeof Elsewhere>;

/** An Elsewhere with nothing found yet, for the readers. */
export const noneElsewhere = (): Elsewhere => ({
  taxTotals: [],
  vatBreakdown: [],
  classifiedTaxCategories: [],
  allowanceCharges: [],
  supportingDocuments: [],
  precedingInvoices: [],
  deliverToAddresses: [],
  periods: [],
  linePeriods: [],
  itemAttributes: [],
  taxRegistrations: [],
  payees: [],
  itemClassifications: [],
});

export const Invoice = z.object({
  syntax: z.enum(['ubl', 'cii']),
  /** The root element: a UBL Invoice or CreditNote, a CII CrossIndustryInvoice. */
  root: z.enum(['Invoice', 'CreditNote', 'CrossIndustryInvoice']),
  at: At,
  number: Text.optional(), // BT-1
  issueDate: Text.optional(), // BT-2
  typeCode: Text.optional(), // BT-3
  currency: Text.optional(), // BT-5
  vatCurrency: Text.optional(), // BT-6
  vatPointDate: Text.optional(), // BT-7
  vatPointDateCode: Text.optional(), // BT-8
  dueDate: Text.optional(), // BT-9
  buyerReference: Text.optional(), // BT-10
  projectReference: Text.optional(), // BT-11
  contractReference: Text.optional(), // BT-12
  purchaseOrderReference: Text.optional(), // BT-13
  salesOrderReference: Text.optional(), // BT-14
  receivingAdviceReference: Text.optional(), // BT-15
  despatchAdviceReference: Text.optional(), // BT-16
  tenderReference: Text.optional(), // BT-17
  buyerAccountingReference: Text.optional(), // BT-19
  paymentTerms: Text.optional(), // BT-20
  notes: z.array(Note), // BG-1
  businessProcess: Text.optional(), // BT-23
  specification: Text.optional(), // BT-24
  precedingInvoices: z.array(PrecedingInvoice), // BG-3
  seller: Party.optional(), // BG-4
  buyer: Party.optional(), // BG-7
  payee: Party.optional(), // BG-10
  taxRepresentative: Party.optional(), // BG-11
  delivery: Delivery.optional(), // BG-13
  invoicingPeriod: Period.optional(), // BG-14
  paymentMeans: z.array(PaymentMeans), // BG-16
  remittanceInformation: Text.optional(), // BT-83
  directDebit: DirectDebit.optional(), // BG-19
  allowanceCharges: z.array(AllowanceCharge), // BG-20, BG-21
  totals: DocumentTotals.optional(), // BG-22
  taxTotals: z.array(TaxTotal), // BT-110, BT-111
  vatBreakdown: z.array(VatBreakdown), // BG-23
  supportingDocuments: z.array(SupportingDocument), // BG-24 (and BT-18)
  lines: z.array(Line), // BG-25
  elsewhere: Elsewhere.optional(),
});
export type Invoice = z.infer<typeof Invoice>;
