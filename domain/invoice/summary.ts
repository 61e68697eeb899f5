/**
 * The canonical invoice reduced to what the stages after validation use (domain/events.ts
 * InvoiceSummary). Run on a valid invoice, where the EN 16931 rules have made sure the terms
 * read here are present; also on one not validated yet, for its supplier and number
 * (supplier-number.ts), so every term is read as possibly absent, never assumed.
 */
import { defined } from '../defined.ts';
import type { InvoiceSummary } from '../events.ts';
import type { Identifier, Invoice, Party } from './model.ts';

/** UNTDID 1001 codes EN 16931 admits for credit notes. */
const CREDIT_NOTE_CODES = new Set(['81', '83', '381', '396', '532']);
/** ISO 6523 ICD of the French SIRENE register: a SIRET or SIREN. */
export const SIRENE_SCHEME = '0009';

const ids = (p: Party | undefined): Identifier[] => (p ? [...(p.legalRegistration ? [p.legalRegistration] : []), ...p.identifiers] : []);

/** The party's identifier to match on: its SIRENE one when it has one, else its legal id, else its first. */
export function partyId(p: Party | undefined): Identifier | undefined {
  const all = ids(p).filter((i) => i.id !== undefined && i.id.trim() !== '');
  return all.find((i) => i.scheme === SIRENE_SCHEME) ?? all[0];
}

const vatId = (p: Party | undefined) => p?.taxRegistrations.find((t) => t.scheme === 'VAT' || t.scheme === 'VA')?.id;

function party(p: Party | undefined): InvoiceSummary['seller'] {
  const id = partyId(p);
  const a = p?.address;
  return defined({
    name: p?.name ?? p?.tradingName,
    id: id?.id?.trim() ?? vatId(p),
    idScheme: id ? id.scheme : vatId(p) ? 'VAT' : undefined,
    vatId: vatId(p),
    countryCode: a?.countryCode,
    address: a ? defined({ line1: a.line1, line2: a.line2, city: a.city, postCode: a.postCode }) : undefined,
  });
}

export function summarize(inv: Invoice): InvoiceSummary {
  const transfer = inv.paymentMeans.flatMap((m) => m.creditTransfers)[0];
  const tax = inv.taxTotals.find((t) => t.currency === undefined || t.currency === inv.currency)?.amount ?? '0';
  const t = inv.totals;
  return {
    number: inv.number ?? '',
    issueDate: inv.issueDate ?? '',
    typeCode: inv.typeCode ?? '',
    kind: inv.root === 'CreditNote' || CREDIT_NOTE_CODES.has(inv.typeCode ?? '') ? 'creditnote' : 'invoice',
    currency: inv.currency ?? '',
    ...(inv.buyerReference ? { buyerReference: inv.buyerReference } : {}),
    ...(inv.purchaseOrderReference ? { orderReference: inv.purchaseOrderReference } : {}),
    ...(inv.contractReference ? { contractReference: inv.contractReference } : {}),
    seller: party(inv.seller),
    buyer: party(inv.buyer),
    ...(transfer
      ? {
          payee: defined({ iban: transfer.accountId?.replace(/\s/g, ''), bic: transfer.serviceProvider, accountName: transfer.accountName }),
        }
      : {}),
    totals: { taxExclusive: t?.taxExclusive ?? '0', tax, taxInclusive: t?.taxInclusive ?? '0', payable: t?.payable ?? '0' },
  };
}
