import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { ROOT, SCHEMA_DIR } from '../../tests/support/paths.ts';
import type { InvoiceValidated } from '../events.ts';
import { Mandate } from '../mandate/model.ts';
import { readPesAller } from '../pes/reader.ts';
import { pjContent } from '../pes/pj.ts';
import { writePesAller } from '../pes/writer.ts';
import { buildPesAller, nomFicFor, parisDate, pieceProblems, type PieceSource } from './pes-file.ts';

const original = readFileSync(resolve(ROOT, 'fixtures/invoices/fr-mairie-fournitures.ubl.xml'));
const mandate = Mandate.parse(JSON.parse(readFileSync(resolve(ROOT, 'fixtures/mandates/fr-mairie-fournitures.json'), 'utf8')));
const collectivite = { siret: '21690123100011', name: 'Commune de Saint-Genis-les-Ollières', idPost: '069018', codCol: '123', codBud: '01', nomenclature: 'M57' };

const invoice = (n: string, contractReference = 'MARCHE-2026-FOURNITURES-LOT1'): InvoiceValidated => ({
  invoiceId: `inv_${n}`,
  blobKey: '0'.repeat(64),
  format: 'ubl-invoice',
  fileName: `facture ${n}.xml`,
  mediaType: 'application/xml',
  summary: {
    number: n,
    issueDate: '2026-11-02',
    typeCode: '380',
    kind: 'invoice',
    currency: 'EUR',
    contractReference,
    seller: { name: 'Papeterie Lyonnaise SARL', id: '73282932000074' },
    buyer: { id: '21690123100011' },
    totals: { taxExclusive: '312.00', tax: '62.40', taxInclusive: '374.40', payable: '374.40' },
  },
  collectivite,
  invoice: {},
  warnings: [],
});

const source = (pieces: PieceSource[]) => ({ collectivite, exer: '2026', typBord: '01', idBord: 7, nomFic: nomFicFor(collectivite.siret, '2026-11-23', 4), date: '2026-11-23', pieces });

describe('buildPesAller', () => {
  const pieces: PieceSource[] = [
    { idPce: 41, mandate, invoice: invoice('FA-2026-00042'), original },
    { idPce: 42, mandate: { ...mandate, lines: [{ nature: '6064', mtHT: '10', mtTVA: '0' }] }, invoice: invoice('FA-2026-00043-AVEC-UN-TRES-LONG-NUMERO', 'MARCHE-2026-FOURNITURES-DE-BUREAU-LOT-1'), original },
  ];

  it('writes a file the official PES_Aller schema accepts, with totals, Tiers and the original as PJ', () => {
    const bytes = writePesAller(buildPesAller(source(pieces)));
    expect(openSchemaCatalog(SCHEMA_DIR).validator('pes-aller').validate(bytes)).toEqual([]);
    const { pes } = readPesAller(bytes);
    const b = pes.PES_DepenseAller!.Bordereau[0]!;
    expect(b.BlocBordereau).toMatchObject({ IdBord: '7', NbrPce: '2', MtBordHT: '322.00', MtBordTVA: '62.40', DteBordEm: '2026-11-23' });
    expect(b.Id).toBe('BORD_2026_01_01_7');
    const [l1, l2] = b.Piece.map((p) => p.LigneDePiece[0]!);
    expect(l1!.BlocLignePiece.InfoLignePce).toMatchObject({ Facture: 'FA-2026-00042', MtHT: '312.00', MtTVA: '62.40', ModRegl: '03' });
    // A number longer than Texte20 is not cut: it stays whole in LibVir1.
    expect(l2!.BlocLignePiece.InfoLignePce.Facture).toBeUndefined();
    expect(l2!.BlocLignePiece.InfoLignePce.LibVir1).toBe('Facture FA-2026-00043-AVEC-UN-TRES-LONG-NUMERO');
    expect(l1!.BlocLignePiece.LiensIdent?.IdMarche).toBe('MARCHE-2026-FOURNITURES-LOT1');
    expect(l2!.BlocLignePiece.LiensIdent).toBeUndefined(); // longer than Texte30: left out, not cut
    expect(l1!.Tiers?.InfoTiers).toMatchObject({ IdTiers: '73282932000074', NatIdTiers: '01', Nom: 'Papeterie Lyonnaise SARL' });
    expect(l1!.Tiers?.CpteBancaire?.IBAN).toBe('FR7630006000011234567890189');
    const pj = pes.PES_PJ!.PJ![0]!;
    expect(b.Piece[0]!.BlocPiece.InfoPce.PJRef![0]!.IdUnique).toBe(pj.IdUnique);
    expect(pj.NomPJ).toBe('facture FA-2026-00042.xml');
    expect(Buffer.from(pjContent(pj)).equals(original)).toBe(true);
    expect(pes.EnTetePES.LibelleColBud).toBe('Commune de Saint-Genis-les-Ollières');
  });

  it('gives the same bytes for the same bordereau', () => {
    expect(Buffer.from(writePesAller(buildPesAller(source(pieces))))).toEqual(Buffer.from(writePesAller(buildPesAller(source(pieces)))));
  });

  it('names files and dates in French time', () => {
    expect(nomFicFor('21690123100011', '2026-11-23', 4)).toBe('PESALR2_21690123100011_261123_004');
    expect(parisDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('names the mandate field that would stop a pièce from being written', () => {
    expect(pieceProblems(mandate, invoice('FA-1'), collectivite)).toEqual([]);
    const bad = { ...mandate, supplier: { ...mandate.supplier, iban: 'DK1212341234123412' }, lines: [{ ...mandate.lines[0]!, nature: '0' }] };
    const problems = pieceProblems(bad, invoice('FA-1'), collectivite);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['supplier.iban', 'lines.0.nature']));
    expect(problems.find((p) => p.field === 'supplier.iban')!.message).toContain('IBAN key');
  });
});
