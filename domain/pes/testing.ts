/**
 * A complete, valid PES_Aller dépense model for tests and benchmarks: one bordereau of one
 * mandat on a contract, paid by transfer to a company, with its invoice attached. Every call
 * returns a fresh copy, so a test may change it.
 */
import type { LigneDePiece, PesAller, Piece } from './model.ts';
import { buildPj } from './pj.ts';

export const EXAMPLE_ID_COLL = '24310063300011';
const EXAMPLE_SUPPLIER_SIRET = '37909534200018';
const EXAMPLE_IBAN = 'FR7630003017020002010412521';

export function exampleLigne(idLigne = '1', mtHT = '1000.10', mtTVA = '200.02'): LigneDePiece {
  return {
    BlocLignePiece: {
      InfoLignePce: {
        IdLigne: idLigne,
        Nature: '6228',
        Fonction: '020',
        Facture: 'F-2026-001',
        LibVir1: 'Facture F-2026-001',
        ModRegl: '03',
        TVAIntraCom: '0',
        MtHT: mtHT,
        MtTVA: mtTVA,
      },
      LiensIdent: { IdMarche: '2026-M-0042' },
    },
    Tiers: {
      InfoTiers: { IdTiers: EXAMPLE_SUPPLIER_SIRET, NatIdTiers: '01', CatTiers: '50', NatJur: '03', Nom: 'CELLULOSES DE BROCÉLIANDE' },
      Adresse: { TypAdr: '1', Adr2: 'ZI LA LANDE DU MOULIN', CP: '56800', Ville: 'PLOËRMEL', CodRes: '0' },
      CpteBancaire: { BIC: 'SOGEFRPPXXX', IBAN: EXAMPLE_IBAN, TitCpte: 'CELLULOSES DE BROCELIANDE' },
    },
  };
}

export function examplePiece(idPce = '101', idUnique = `${EXAMPLE_ID_COLL}2026D000001`): Piece {
  return {
    BlocPiece: {
      InfoPce: {
        IdPce: idPce,
        TypPce: '09',
        NatPce: '01',
        Obj: 'Facture F-2026-001 fournitures',
        PJRef: [{ Support: '01', IdUnique: idUnique, NomPJ: 'F-2026-001.pdf', TypePJ: '003' }],
      },
    },
    LigneDePiece: [exampleLigne()],
  };
}

export function examplePesAller(): PesAller {
  const idUnique = `${EXAMPLE_ID_COLL}2026D000001`;
  return {
    nomenclature: 'M57',
    Enveloppe: {
      Parametres: { Version: '2', TypFic: 'PESALR2', NomFic: `PESALR2_${EXAMPLE_ID_COLL}_260315_001` },
      Emetteur: { Sigle: 'einvoice-pes', Adresse: 'einvoice-pes' },
    },
    EnTetePES: { DteStr: '2026-03-15', IdPost: '031007', IdColl: EXAMPLE_ID_COLL, CodCol: '100', CodBud: '00', LibelleColBud: 'BUDGET PRINCIPAL' },
    PES_DepenseAller: {
      EnTeteDepense: { IdVer: '2', InfoDematerialisee: '0' },
      Bordereau: [
        {
          BlocBordereau: { Exer: '2026', IdBord: '12', DteBordEm: '2026-03-15', TypBord: '01', NbrPce: '1', MtBordHT: '1000.10', MtBordTVA: '200.02' },
          Piece: [examplePiece('101', idUnique)],
        },
      ],
    },
    PES_PJ: {
      EnTetePES_PJ: { IdVer: '1' },
      PJ: [
        buildPj({
          bytes: new TextEncoder().encode('%PDF-1.4\n% facture F-2026-001\n%%EOF\n'),
          idUnique,
          fileName: 'F-2026-001.pdf',
          description: 'Facture F-2026-001 CELLULOSES DE BROCELIANDE',
        }),
      ],
    },
  };
}
