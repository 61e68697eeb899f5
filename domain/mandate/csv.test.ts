import { describe, expect, it } from 'vitest';
import { parseMandateCsv } from './csv.ts';
import { Mandate } from './model.ts';

const header = 'reference;idColl;exer;modRegl;supplierSiret;supplierName;supplierIban;invoiceSellerId;invoiceNumber;nature;fonction;mtHT;mtTVA';

describe('parseMandateCsv', () => {
  it('groups rows by reference, reads decimal commas and semicolons, and yields valid mandates', () => {
    const csv = [
      header,
      'M-1;21690123100011;2026;03;73282932000074;ACME;FR7630006000011234567890189;73282932000074;F-1;6228;020;1 000,10;200,02',
      'M-1;21690123100011;2026;03;73282932000074;ACME;FR7630006000011234567890189;73282932000074;F-1;6068;020;10,00;2,00',
      'M-2;21690123100011;2026;03;73282932000074;;;73282932000074;F-2;6228;;50;0',
    ].join('\n');
    const { mandates, errors } = parseMandateCsv(csv);
    expect(errors).toEqual([]);
    expect(mandates.map((m) => [m.reference, m.lines])).toEqual([
      ['M-1', [2, 3]],
      ['M-2', [4]],
    ]);
    const m1 = Mandate.parse(mandates[0]!.mandate);
    expect(m1.lines.map((l) => [l.mtHT, l.mtTVA])).toEqual([
      ['1000.10', '200.02'],
      ['10.00', '2.00'],
    ]);
    expect(m1.supplier.name).toBe('ACME');
    // M-2 leaves the supplier's name and IBAN to the supplier directory.
    expect(Mandate.parse(mandates[1]!.mandate).supplier).toEqual({ siret: '73282932000074', catTiers: '50', natJur: '03' });
  });

  it('reports a bad header with the expected columns, and rows of one mandate that disagree', () => {
    expect(parseMandateCsv('reference,foo\nM-1,x').errors[0]).toMatchObject({ line: 1, code: 'CSV_HEADER' });
    const csv = [header, 'M-1;21690123100011;2026;03;;;;A;F-1;6228;;1;0', 'M-1;21690123100012;2026;03;;;;A;F-1;6228;;1;0'].join('\n');
    const { mandates, errors } = parseMandateCsv(csv);
    expect(mandates).toEqual([]);
    expect(errors).toEqual([{ line: 2, code: 'CSV_INCONSISTENT', message: 'mandate M-1: its rows disagree on idColl (lines 2, 3)' }]);
  });

  it('leaves invalid values for the model to report, field by field', () => {
    const { mandates } = parseMandateCsv([header, 'M-9;123;26;03;;;;A;F-1;62x8;;abc;0'].join('\n'));
    const r = Mandate.safeParse(mandates[0]!.mandate);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['exer', 'idColl', 'lines.0.mtHT', 'lines.0.nature']);
  });
});
