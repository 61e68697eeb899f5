import { describe, expect, it } from 'vitest';
import type { InvoiceSummary } from '../events.ts';
import { matchInvoice } from './matching.ts';
import { Mandate } from './model.ts';

const invoice: InvoiceSummary = {
  number: 'F-2026-001',
  issueDate: '2026-11-02',
  typeCode: '380',
  kind: 'invoice',
  currency: 'EUR',
  seller: { name: 'ACME', id: '73282932000074' },
  buyer: { id: '21690123100011' },
  totals: { taxExclusive: '1000.10', tax: '200.02', taxInclusive: '1200.12', payable: '1200.12' },
};

const mandate = (lines: { mtHT: string; mtTVA?: string }[]) =>
  Mandate.parse({
    reference: 'M-1',
    idColl: '21690123100011',
    exer: '2026',
    supplier: { siret: '73282932000074' },
    invoice: { sellerId: '73282932000074', number: 'F-2026-001' },
    lines: lines.map((l) => ({ nature: '6228', ...l })),
  });

describe('matchInvoice', () => {
  it('accepts a mandate whose lines add up exactly, split over several lines', () => {
    expect(matchInvoice(mandate([{ mtHT: '1000.00', mtTVA: '200.00' }, { mtHT: '0.10', mtTVA: '0.02' }]), invoice, '21690123100011')).toEqual([]);
  });

  it('refuses a one-cent gap on either total, naming both figures', () => {
    const problems = matchInvoice(mandate([{ mtHT: '1000.11', mtTVA: '200.01' }]), invoice, '21690123100011');
    expect(problems.map((p) => p.code)).toEqual(['HT_MISMATCH', 'TVA_MISMATCH']);
    expect(problems[0]!.message).toContain('1000.11');
    expect(problems[0]!.message).toContain('1000.10');
  });

  it('refuses an invoice addressed to another collectivité or to an unknown buyer', () => {
    const ok = mandate([{ mtHT: '1000.10', mtTVA: '200.02' }]);
    expect(matchInvoice(ok, invoice, '21380185500015').map((p) => p.code)).toEqual(['BUYER_MISMATCH']);
    expect(matchInvoice(ok, invoice, undefined)[0]!.message).toContain('not in the directory');
  });

  it('refuses credit notes', () => {
    const ok = mandate([{ mtHT: '1000.10', mtTVA: '200.02' }]);
    expect(matchInvoice(ok, { ...invoice, kind: 'creditnote' }, '21690123100011').map((p) => p.code)).toEqual(['CREDIT_NOTE']);
  });

  it('compares an invoice in another currency with the totals the mandate states in that currency', () => {
    const dkk = { ...invoice, currency: 'DKK' };
    const euroLines = mandate([{ mtHT: '134.12', mtTVA: '26.82' }]);
    expect(matchInvoice(euroLines, dkk, '21690123100011').map((p) => p.code)).toEqual(['CURRENCY_MISMATCH']);
    const stated = { ...euroLines, invoiceTotals: { currency: 'DKK', taxExclusive: '1000.10', tax: '200.02' } };
    expect(matchInvoice(stated, dkk, '21690123100011')).toEqual([]);
    const wrong = { ...euroLines, invoiceTotals: { currency: 'DKK', taxExclusive: '1000.00', tax: '200.02' } };
    expect(matchInvoice(wrong, dkk, '21690123100011').map((p) => p.code)).toEqual(['HT_MISMATCH']);
  });
});
