/**
 * Does a mandate pay this invoice? Keys: the supplier's identifier and the invoice number
 * (what the PES keeps of an invoice: Tiers/IdTiers and InfoLignePce/Facture). Then the parties
 * and the amounts must agree:
 *  - the invoice's buyer (BT-46/47, resolved through the buyer directory to a SIRET) is the
 *    mandate's collectivité (IdColl);
 *  - Σ MtHT of the lines = the invoice total without VAT (BT-109), exactly to the cent;
 *  - Σ MtTVA = the invoice's VAT total (BT-110), exactly to the cent.
 * No tolerance: the treasury checks sums to the cent, so any gap is a question for the
 * finance department, not something to round away.
 * An invoice in another currency cannot be compared with euro lines: the mandate then states
 * the invoice's totals in that currency (`invoiceTotals`), which must agree exactly, and its
 * lines are the department's conversion, taken as given (the ordonnateur answers for it).
 */
import { Decimal } from 'decimal.js';
import type { InvoiceSummary } from '../events.ts';
import type { Mandate } from './model.ts';

export type MismatchCode = 'BUYER_MISMATCH' | 'HT_MISMATCH' | 'TVA_MISMATCH' | 'CURRENCY_MISMATCH' | 'CREDIT_NOTE' | 'PES_INVALID';

export interface Mismatch {
  code: MismatchCode;
  message: string;
}

/** Identifiers compare without spaces and case, as suppliers write them both ways. */
export const normalizeId = (id: string): string => id.replace(/\s+/g, '').toUpperCase();

export const sumLines = (m: Mandate, field: 'mtHT' | 'mtTVA'): Decimal => m.lines.reduce((acc, l) => acc.plus(l[field]), new Decimal(0));

export function matchInvoice(mandate: Mandate, invoice: InvoiceSummary, buyerSiret: string | undefined): Mismatch[] {
  const problems: Mismatch[] = [];
  if (invoice.kind === 'creditnote') {
    problems.push({ code: 'CREDIT_NOTE', message: 'a credit note is settled by an annulation/réduction bordereau, not by a mandate' });
  }
  if (buyerSiret !== mandate.idColl) {
    const to = buyerSiret ?? `${invoice.buyer.id ?? '(no buyer identifier)'}, a buyer not in the directory`;
    problems.push({ code: 'BUYER_MISMATCH', message: `the invoice is addressed to ${to}; the mandate is from ${mandate.idColl}` });
  }
  let stated: { taxExclusive: Decimal; tax: Decimal; what: string };
  if (invoice.currency === 'EUR') {
    stated = { taxExclusive: sumLines(mandate, 'mtHT'), tax: sumLines(mandate, 'mtTVA'), what: "the mandate's lines total" };
  } else if (mandate.invoiceTotals?.currency === invoice.currency) {
    const t = mandate.invoiceTotals;
    stated = { taxExclusive: new Decimal(t.taxExclusive), tax: new Decimal(t.tax), what: `the mandate states (in ${t.currency})` };
  } else {
    problems.push({
      code: 'CURRENCY_MISMATCH',
      message: `the invoice is in ${invoice.currency}: the mandate must state its totals in ${invoice.currency} (invoiceTotals) beside its lines in euros`,
    });
    return problems;
  }
  if (!stated.taxExclusive.equals(invoice.totals.taxExclusive)) {
    problems.push({ code: 'HT_MISMATCH', message: `${stated.what} ${stated.taxExclusive.toFixed(2)} HT, the invoice ${new Decimal(invoice.totals.taxExclusive).toFixed(2)} (BT-109)` });
  }
  if (!stated.tax.equals(invoice.totals.tax)) {
    problems.push({ code: 'TVA_MISMATCH', message: `${stated.what} ${stated.tax.toFixed(2)} of VAT, the invoice ${new Decimal(invoice.totals.tax).toFixed(2)} (BT-110)` });
  }
  return problems;
}
