/**
 * A PES_Aller dépense file (PES V2, DGFiP schemas 5.17): the enveloppe, the header, the
 * dépense domain (bordereaux of mandats) and the attached originals (PES_PJ). Names and
 * order are the XSD's, element for element; each value is the string written in its `V`
 * attribute, typed by its DGFiP simple type (see xml-tree.ts for how that drives the writer,
 * the reader and the checks). Optional repeated elements are absent rather than empty.
 *
 * Left out: the other domains (PES_RecetteAller, PES_Facture, PES_Marche) and the XAdES
 * signatures, which this project does not produce; the reader reports them when it meets them.
 */
import { z } from 'zod';
import {
  alphanum, alphanumLight, annee, bic, booleen, code, codeBud, codeCol, date, gzipBase64, iban, identifiantPJ, idPost,
  mimeType, montant, montantLight, nomenclature, nomPJ, num, num6NonVide, numLight, tauxHight, texte, xmlId,
} from './simple-types.ts';
import { attribute, compileTree, notWritten, text, value } from './xml-tree.ts';

export const PES_ALLER_NAMESPACE = 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller';

export const Enveloppe = z.object({
  Parametres: z.object({ Version: value(num(2)), TypFic: value(texte(32)), NomFic: value(texte(100)) }),
  Emetteur: z.object({ Sigle: value(texte(32)), Adresse: value(texte(38)) }),
  Recepteur: z.object({ Sigle: value(texte(32)).optional(), Adresse: value(texte(38)).optional() }).optional(),
});
export type Enveloppe = z.infer<typeof Enveloppe>;

export const EnTetePES = z.object({
  DteStr: value(date),
  IdPost: value(idPost),
  LibellePoste: value(texte(38)).optional(),
  IdColl: value(numLight(14)),
  FinJur: value(alphanumLight(20)).optional(),
  CodCol: value(codeCol),
  CodBud: value(codeBud),
  LibelleColBud: value(texte(38)).optional(),
});
export type EnTetePES = z.infer<typeof EnTetePES>;

/** A reference from a pièce or a line to a PJ, by its IdUnique (TPJReference). */
export const PJRef = z.object({
  Support: value(code('Support')),
  IdUnique: value(alphanum(50)),
  NomPJ: value(texte(100)).optional(),
  TypePJ: value(code('TypePJ')).optional(),
});
export type PJRef = z.infer<typeof PJRef>;

export const BlocBordereau = z.object({
  Exer: value(annee),
  IdBord: value(num(7)),
  DteBordEm: value(date),
  TypBord: value(code('TypBord')),
  NbrPce: value(num(5)),
  MtCumulAnnuel: value(montant).optional(),
  MtBordHT: value(montantLight),
  MtBordTVA: value(montantLight).optional(),
});
export type BlocBordereau = z.infer<typeof BlocBordereau>;

export const InfoPce = z.object({
  CodServ: value(texte(10)).optional(),
  Affect: value(texte(10)).optional(),
  IdPce: value(num(8)),
  TypPce: value(code('TypPce')),
  NatPce: value(code('NatPce')),
  Obj: value(texte(100)).optional(),
  DteEch: value(date).optional(),
  PJRef: z.array(PJRef).optional(),
  PJ: value(texte(250)).optional(),
  CarteAchatNiveau1: value(booleen).optional(),
});
export type InfoPce = z.infer<typeof InfoPce>;

/** Délai global de paiement: the four first elements together, or no block. */
export const DGP = z.object({
  Dgp: value(booleen),
  DteDebDgp: value(date),
  DteFinDgp: value(date),
  DureeDgp: value(num(2)),
  CodIntMor: value(code('CodIntMor')).optional(),
  TxIntMor: value(tauxHight).optional(),
});
export type DGP = z.infer<typeof DGP>;

export const InfoLignePce = z.object({
  IdLigne: value(num(6)),
  Nature: value(num(12)),
  Fonction: value(numLight(10)).optional(),
  Operation: value(numLight(10)).optional(),
  CptAna: value(alphanum(10)).optional(),
  /** The invoice number (BT-1), at most 20 characters. */
  Facture: value(texte(20)).optional(),
  LibVir1: value(texte(70)).optional(),
  LibVir2: value(texte(70)).optional(),
  ModRegl: value(code('ModRegl')).optional(),
  TVAIntraCom: value(booleen),
  CpteTiers: value(num(12)).optional(),
  /** HT, or TTC when the line has no TVA. */
  MtHT: value(montantLight),
  MtTVA: value(montantLight).optional(),
  MtFactHT: value(montantLight).optional(),
  PJRef: z.array(PJRef).optional(),
});
export type InfoLignePce = z.infer<typeof InfoLignePce>;

export const BlocLignePiece = z.object({
  InfoLignePce,
  /** M31 only. */
  InfoTVAHLM: z.object({ RecTVA: value(booleen), MtHtRes: value(montant) }).optional(),
  OpSpec: z.object({ CodOpSpec: value(code('CodOpSpec')), IdOpSpec: value(alphanum(15)) }).optional(),
  RattachPiece: z
    .object({
      NatPceOrig: value(code('NatPceOrig')),
      ExerRat: value(annee),
      IdPceOrig: value(num(13)),
      IdLigneOrig: value(num6NonVide).optional(),
    })
    .optional(),
  LiensIdent: z
    .object({
      IdConv: value(texte(25)).optional(),
      /** The contract number (BT-12). */
      IdMarche: value(texte(30)).optional(),
      IdEmpruntOrdo: value(texte(24)).optional(),
      IdActif: value(texte(25)).optional(),
      IdRegie: value(texte(10)).optional(),
    })
    .optional(),
});
export type BlocLignePiece = z.infer<typeof BlocLignePiece>;

export const InfoTiers = z.object({
  IdTiers: value(alphanum(80)).optional(),
  NatIdTiers: value(code('NatIdTiers')).optional(),
  DteIdTiers: value(date).optional(),
  RefTiers: value(texte(30)).optional(),
  CatTiers: value(code('CatTiers')),
  NatJur: value(code('NatJur')),
  /** Only, and then required, for a natural person (CatTiers 01); so is Prenom. */
  Civilite: value(texte(10)).optional(),
  Nom: value(texte(38)),
  ComplNom: value(texte(38)).optional(),
  Prenom: value(texte(38)).optional(),
});
export type InfoTiers = z.infer<typeof InfoTiers>;

export const Adresse = z.object({
  TypAdr: value(code('TypAdr')),
  Adr1: value(texte(38)).optional(),
  Adr2: value(texte(38)),
  Adr3: value(texte(38)).optional(),
  /** 5 digits; 99999 abroad. */
  CP: value(numLight(5)),
  Ville: value(texte(38)),
  /** 0 resident in France, 1 not (then CodPays is required). */
  CodRes: value(booleen),
  CodPays: value(num(3)).optional(),
  DteAdr: value(date).optional(),
});
export type Adresse = z.infer<typeof Adresse>;

/** Bank account: either a French RIB (CodeEtab, CodeGuic, IdCpte, CleRib) or an IBAN (with its BIC). */
export const CpteBancaire = z.object({
  IdPayInt: value(alphanum(4)).optional(),
  IdBancInt: value(alphanum(11)).optional(),
  CodeEtab: value(alphanum(5)).optional(),
  CodeGuic: value(alphanumLight(5)).optional(),
  IdCpte: value(texte(11)).optional(),
  CleRib: value(numLight(2)).optional(),
  BIC: value(bic).optional(),
  IBAN: value(iban).optional(),
  LibBanc: value(texte(24)).optional(),
  TitCpte: value(texte(32)),
  DteBanc: value(date).optional(),
});
export type CpteBancaire = z.infer<typeof CpteBancaire>;

export const Tiers = z.object({ InfoTiers, Adresse: Adresse.optional(), CpteBancaire: CpteBancaire.optional() });
export type Tiers = z.infer<typeof Tiers>;

export const LigneDePiece = z.object({ BlocLignePiece, Tiers: Tiers.optional() });
export type LigneDePiece = z.infer<typeof LigneDePiece>;

export const Piece = z.object({
  BlocPiece: z.object({ InfoPce, DGP: DGP.optional() }),
  LigneDePiece: z.array(LigneDePiece).min(1),
});
export type Piece = z.infer<typeof Piece>;

export const Bordereau = z.object({
  /** Needed only to sign the bordereau (the signature's Reference URI). */
  Id: attribute(xmlId).optional(),
  BlocBordereau,
  Piece: z.array(Piece).min(1),
});
export type Bordereau = z.infer<typeof Bordereau>;

export const PES_DepenseAller = z.object({
  EnTeteDepense: z.object({
    IdVer: value(num(2)),
    /** 1 only with a signature, which this project never adds. */
    InfoDematerialisee: value(booleen).optional(),
  }),
  Bordereau: z.array(Bordereau).min(1),
});
export type PES_DepenseAller = z.infer<typeof PES_DepenseAller>;

/** Accounting reference of a PJ sent apart from its pièce. */
export const RefCompta = z.object({
  Domaine: value(code('Domaine')),
  Exercice: value(annee),
  TypeObjet: value(code('TypeObjet')),
  Identifiant: value(identifiantPJ).optional(),
  ComplementIdentifiant: value(alphanum(20)).optional(),
  IdTiers: value(texte(15)).optional(),
});
export type RefCompta = z.infer<typeof RefCompta>;

export const PJ = z.object({
  Contenu: z.object({
    Fichier: z.object({
      MIMEType: attribute(mimeType),
      /** base64(gzip(original bytes)), see pj.ts. */
      content: text(gzipBase64),
    }),
  }),
  IdUnique: value(alphanum(50)),
  ServeurId: value(alphanum(20)).optional(),
  NomPJ: value(nomPJ),
  TypePJ: value(code('TypePJ')).optional(),
  Description: value(texte(250)),
  RefCompta: z.array(RefCompta).optional(),
});
export type PJ = z.infer<typeof PJ>;

export const PES_PJ = z.object({
  EnTetePES_PJ: z.object({ IdVer: value(num(1)) }),
  PJ: z.array(PJ).optional(),
});
export type PES_PJ = z.infer<typeof PES_PJ>;

export const PesAller = z.object({
  Id: attribute(xmlId).optional(),
  /**
   * The budget's nomenclature (M14, M57, M4x…), which the file does not carry but which
   * decides whether Fonction, Operation, InfoTVAHLM and FinJur are allowed.
   */
  nomenclature: notWritten(nomenclature).optional(),
  Enveloppe,
  EnTetePES,
  PES_DepenseAller: PES_DepenseAller.optional(),
  PES_PJ: PES_PJ.optional(),
});
export type PesAller = z.infer<typeof PesAller>;

/** The tree the writer, the reader and the checks walk. */
export const PES_ALLER_TREE = compileTree('PES_Aller', PesAller);
