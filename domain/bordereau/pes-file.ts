/**
 * A closed bordereau as a PES_Aller model: one pièce per mandate, one line per mandate line,
 * the supplier as Tiers on every line, and the original invoice as the pièce's PJ. Everything
 * here is a function of its input (numbers and the date included), so the same bordereau always
 * gives the same file.
 */
import { Decimal } from 'decimal.js';
import type { Collectivite, InvoiceValidated } from '../events.ts';
import type { Mandate, MandateLine, SupplierDetails } from '../mandate/model.ts';
import type { LigneDePiece, PesAller, Piece, PJ, Tiers } from '../pes/model.ts';
import { buildPj, deriveIdUnique, sniffMediaType, TYPE_PJ_DEPENSE } from '../pes/pj.ts';
import { preparePesAller } from '../pes/writer.ts';
import { isFatal } from '../finding.ts';

export interface PieceSource {
  idPce: number;
  mandate: Mandate;
  invoice: InvoiceValidated;
  /** The original document as the supplier sent it. */
  original: Uint8Array;
}

export interface BordereauSource {
  collectivite: Collectivite;
  exer: string;
  typBord: string;
  idBord: number;
  nomFic: string;
  /** YYYY-MM-DD: DteStr and DteBordEm. */
  date: string;
  pieces: PieceSource[];
}

/** The file's sender, as the treasury sees it in Enveloppe/Emetteur. */
const EMETTEUR = { Sigle: 'EINVOICE-PES', Adresse: 'einvoice-pes' };
/** Modes of payment that need the supplier's bank account (03 virement, 05 gros montant). */
const NEEDS_ACCOUNT = new Set(['03', '05']);

/** The calendar day in France of an instant: what a French treasury reads as the date. */
export function parisDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `PESALR2_<SIRET>_<yymmdd>_<NNN>`, the transport name real files use. */
export const nomFicFor = (idColl: string, date: string, seq: number): string =>
  `PESALR2_${idColl}_${date.slice(2).replaceAll('-', '')}_${String(seq).padStart(3, '0')}`;

const cut = (s: string, max: number): string => (s.length <= max ? s : s.slice(0, max).trimEnd());
const amount = (v: string | Decimal): string => new Decimal(v).toFixed(2);

function tiers(s: SupplierDetails, modRegl: string, fallbackName: string): Tiers {
  const name = s.name ?? fallbackName;
  return {
    InfoTiers: {
      ...(s.siret ? { IdTiers: s.siret, NatIdTiers: '01' } : {}),
      CatTiers: s.catTiers,
      NatJur: s.natJur,
      Nom: cut(name, 38),
    },
    ...(s.address
      ? {
          Adresse: {
            TypAdr: '1',
            ...(s.address.adr1 ? { Adr1: s.address.adr1 } : {}),
            Adr2: s.address.adr2,
            ...(s.address.adr3 ? { Adr3: s.address.adr3 } : {}),
            CP: s.address.cp,
            Ville: s.address.ville,
            CodRes: s.address.codPays && s.address.codPays !== 'FR' ? '1' : '0',
          },
        }
      : {}),
    ...(NEEDS_ACCOUNT.has(modRegl) && s.iban ? { CpteBancaire: { ...(s.bic ? { BIC: s.bic } : {}), IBAN: s.iban, TitCpte: cut(name, 32) } } : {}),
  };
}

function ligne(p: PieceSource, l: MandateLine, index: number): LigneDePiece {
  const { mandate: m, invoice } = p;
  const number = invoice.summary.number;
  const contract = invoice.summary.contractReference;
  return {
    BlocLignePiece: {
      InfoLignePce: {
        IdLigne: String(index + 1),
        Nature: l.nature,
        ...(l.fonction ? { Fonction: l.fonction } : {}),
        ...(l.operation ? { Operation: l.operation } : {}),
        // Texte20: a longer invoice number stays whole in LibVir1 rather than cut here.
        ...(number.length <= 20 ? { Facture: number } : {}),
        LibVir1: cut(l.libVir ?? `Facture ${number}`, 70),
        ModRegl: m.modRegl,
        TVAIntraCom: '0',
        MtHT: amount(l.mtHT),
        ...(new Decimal(l.mtTVA).isZero() ? {} : { MtTVA: amount(l.mtTVA) }),
      },
      // Texte30: a cut contract number would name another contract, so a longer one is left out.
      ...(contract && contract.length <= 30 ? { LiensIdent: { IdMarche: contract } } : {}),
    },
    Tiers: tiers(m.supplier, m.modRegl, invoice.summary.seller.name ?? 'FOURNISSEUR'),
  };
}

function pj(p: PieceSource, idColl: string): PJ {
  const { invoice } = p;
  const mediaType = sniffMediaType(p.original);
  return buildPj({
    bytes: p.original,
    idUnique: deriveIdUnique(idColl, invoice.invoiceId),
    fileName: invoice.fileName ?? `facture-${invoice.summary.number}`,
    mediaType,
    description: cut(`Facture ${invoice.summary.number} ${invoice.summary.seller.name ?? ''}`.trim(), 250),
    typePJ: TYPE_PJ_DEPENSE,
  });
}

function piece(p: PieceSource, pieceJointe: PJ): Piece {
  const m = p.mandate;
  return {
    BlocPiece: {
      InfoPce: {
        ...(m.codServ ? { CodServ: m.codServ } : {}),
        IdPce: String(p.idPce),
        TypPce: m.typPce,
        NatPce: m.natPce,
        Obj: cut(m.obj ?? `Facture ${p.invoice.summary.number} ${p.invoice.summary.seller.name ?? ''}`.trim(), 100),
        PJRef: [{ Support: '01', IdUnique: pieceJointe.IdUnique, NomPJ: pieceJointe.NomPJ, TypePJ: TYPE_PJ_DEPENSE }],
      },
    },
    LigneDePiece: m.lines.map((l, i) => ligne(p, l, i)),
  };
}

export function buildPesAller(src: BordereauSource): PesAller {
  const c = src.collectivite;
  const pjs = src.pieces.map((p) => pj(p, c.siret));
  const pieces = src.pieces.map((p, i) => piece(p, pjs[i]!));
  const lines = src.pieces.flatMap((p) => p.mandate.lines);
  const ht = lines.reduce((s, l) => s.plus(l.mtHT), new Decimal(0));
  const tva = lines.reduce((s, l) => s.plus(l.mtTVA), new Decimal(0));
  return {
    nomenclature: c.nomenclature,
    Enveloppe: {
      Parametres: { Version: '2', TypFic: 'PESALR2', NomFic: src.nomFic },
      Emetteur: EMETTEUR,
    },
    EnTetePES: { DteStr: src.date, IdPost: c.idPost, IdColl: c.siret, CodCol: c.codCol, CodBud: c.codBud, LibelleColBud: cut(c.name, 38) },
    PES_DepenseAller: {
      EnTeteDepense: { IdVer: '2', InfoDematerialisee: '0' },
      Bordereau: [
        {
          // An XML ID on each bordereau, so a later XAdES step can sign it (Reference URI="#…").
          Id: `BORD_${src.exer}_${c.codBud}_${src.typBord}_${src.idBord}`,
          BlocBordereau: {
            Exer: src.exer,
            IdBord: String(src.idBord),
            DteBordEm: src.date,
            TypBord: src.typBord,
            NbrPce: String(pieces.length),
            MtBordHT: amount(ht),
            ...(tva.isZero() ? {} : { MtBordTVA: amount(tva) }),
          },
          Piece: pieces,
        },
      ],
    },
    PES_PJ: { EnTetePES_PJ: { IdVer: '1' }, PJ: pjs },
  };
}

/** Where a PES element comes from in the mandate, so a refusal names the field to fix. */
const MANDATE_FIELDS: [RegExp, (line: number) => string][] = [
  [/CpteBancaire\/IBAN$/, () => 'supplier.iban'],
  [/CpteBancaire\/BIC$/, () => 'supplier.bic'],
  [/CpteBancaire/, () => 'supplier.iban'],
  [/InfoTiers\/IdTiers$/, () => 'supplier.siret'],
  [/InfoTiers\/(CatTiers|NatJur|Civilite|Prenom)$/, () => 'supplier.catTiers'],
  [/InfoTiers\/Nom$/, () => 'supplier.name'],
  [/Adresse\/CP$/, () => 'supplier.address.cp'],
  [/Adresse\/Ville$/, () => 'supplier.address.ville'],
  [/Adresse/, () => 'supplier.address'],
  [/InfoLignePce\/Nature$/, (l) => `lines.${l}.nature`],
  [/InfoLignePce\/Fonction$/, (l) => `lines.${l}.fonction`],
  [/InfoLignePce\/Operation$/, (l) => `lines.${l}.operation`],
  [/InfoLignePce\/(MtHT|MtTVA)$/, (l) => `lines.${l}.mtHT`],
  [/InfoLignePce\/LibVir1$/, (l) => `lines.${l}.libVir`],
  [/InfoLignePce\/Facture$/, () => 'invoice.number'],
  [/InfoLignePce\/ModRegl$/, () => 'modRegl'],
  [/InfoPce\/(TypPce|NatPce)$/, () => 'typPce'],
  [/InfoPce\/Obj$/, () => 'obj'],
  [/InfoPce\/CodServ$/, () => 'codServ'],
];

/**
 * What would stop this mandate's pièce from being written, checked when it is matched: a pièce
 * that cannot be written must not enter a bordereau, where it would hold back every other one.
 */
export function pieceProblems(mandate: Mandate, invoice: InvoiceValidated, collectivite: Collectivite): { field: string; message: string }[] {
  const trial = buildPesAller({
    collectivite,
    exer: mandate.exer,
    typBord: '01',
    idBord: 1,
    nomFic: nomFicFor(collectivite.siret, '2000-01-01', 1),
    date: '2000-01-01',
    pieces: [{ idPce: 1, mandate, invoice, original: new Uint8Array([0x3c]) }],
  });
  return preparePesAller(trial)
    .findings.filter(isFatal)
    .map((f) => {
      const location = f.location ?? '';
      const line = Number(/LigneDePiece\[(\d+)\]/.exec(location)?.[1] ?? 1) - 1;
      const field = MANDATE_FIELDS.find(([re]) => re.test(location))?.[1](line) ?? location;
      return { field, message: f.message };
    });
}
