/**
 * What the treasury sends back, as read: acknowledgments (PES_ACQUIT v2 and the older forms
 * still met, PES_ACQUIT_RETOUR) and PES_Retour dépense. Names are the XSD's; every value is
 * the string of its `V` attribute, and most are optional because real files deviate (the
 * reader reports each deviation). Codes keep their value even when unknown to the lists here.
 */
import { z } from 'zod';

/** NumAnoAck (CommunAck.xsd TNumAnoAck). */
export const NumAnoAck = z.enum([
  'ERREUR_CONNECTION_IMPOSSIBLE_A_LA_BASE', 'ERREUR_ENCODING', 'ERREUR_FLUX_VIDE', 'ERREUR_SCHEMA_INCOMPLET', 'ERREUR_CODIFICATION',
  'ERREUR_CODIQUE', 'ERREUR_SIRET', 'ERREUR_CODE_COLLECTIVITE_BUDGET', 'ERREUR_VERSION_PES', 'ERREUR_VERSION_PJ', 'ERREUR_SIGNATURE_INVALIDE',
  'ERREUR_SIGNATURE_ILLISIBLE', 'ERREUR_SIGNATURE_INCOMPLETE', 'ERREUR_DOUBLON_BORDEREAU', 'ERREUR_DOUBLON_PIECE', 'ERREUR_DOUBLON_LIGNE',
  'ERREUR_DOUBLON_PJ', 'ERREUR_PES_PARAM', 'ERREUR_PES_SIGNATURE', 'ERREUR_PES_PARAM_SIGNATURE', 'ERREUR_CERTIFICAT', 'ERREUR_TIMEOUT',
  'ERREUR_TAILLE_BORDEREAUX', 'ERREUR_TAILLE_PIECE', 'ERREUR_TAILLE_LIGNE', 'ERREUR_PJ_SIGNEE', 'ERREUR_SIGNATURE_EXTERNE', 'ERREUR_AUTRE',
  'ERREUR_SIGNATURE_BORDEREAU_INVALIDE', 'ERREUR_MONTANT_TVA_ZERO_NEGATIF', 'ERREUR_PJ', 'ERREUR_CUMUL_MONTANTS',
  'ERREUR_SIGNATURE_BORDEREAU_ILLISIBLE', 'ERREUR_SIGNATURE_BORDEREAU_INCOMPLETE',
]);
export type NumAnoAck = z.infer<typeof NumAnoAck>;

/** DomaineAck (CommunAck.xsd TDomaineAck): what an ElementACQUIT is about. */
export const DOMAINE_ACK: Readonly<Record<string, string>> = {
  '0': 'technique',
  '1': 'signature technique',
  '2': 'signature globale',
  '3': 'signature bordereau',
  '4': 'pièce justificative',
  '5': 'dépense',
  '6': 'recette',
  '7': 'rôle',
  '8': 'budget',
  '9': 'état actif',
  '10': 'état passif',
  '11': 'marché',
  '12': 'facture',
  '99': 'paramétrage',
};

/** One Erreur: NumAnoAck and LibelleAnoAck, and the Hélios business code an ERREUR_AUTRE libellé starts with. */
export const Anomaly = z.object({
  /** NumAnoAck, e.g. ERREUR_CUMUL_MONTANTS (kept as written, even outside the list). */
  code: z.string().optional(),
  /** LibelleAnoAck as written. */
  libelle: z.string().optional(),
  /** "1971 - Compte fonction présent à tort" gives 1971 (also "1984 / …"). */
  businessCode: z.string().optional(),
});
export type Anomaly = z.infer<typeof Anomaly>;

/** An anomaly from its two written values, with the business code parsed out of the libellé. */
export function anomalyOf(code: string | undefined, libelle: string | undefined): Anomaly {
  const businessCode = libelle === undefined ? undefined : /^\s*(\d{3,5})\s*[-/–]\s/.exec(libelle)?.[1];
  return { ...(code === undefined ? {} : { code }), ...(libelle === undefined ? {} : { libelle }), ...(businessCode === undefined ? {} : { businessCode }) };
}

export const DetailLigne = z.object({ NumLigne: z.string(), Erreur: z.array(Anomaly) });
export type DetailLigne = z.infer<typeof DetailLigne>;

export const DetailPiece = z.object({ NumPiece: z.string(), Erreur: z.array(Anomaly), DetailLigne: z.array(DetailLigne) });
export type DetailPiece = z.infer<typeof DetailPiece>;

export const ElementACQUIT = z.object({
  /** The code as written, and its meaning when the code is one of DOMAINE_ACK. */
  DomaineAck: z.object({ code: z.string(), meaning: z.string().optional() }).optional(),
  /** EtatAck 1/true: accepted; 0/false: rejected. Missing or unreadable is read as rejected. */
  EtatAck: z.boolean(),
  NumBord: z.string().optional(),
  ExerciceBord: z.string().optional(),
  IdMarche: z.string().optional(),
  IdUnique: z.string().optional(),
  Erreur: z.array(Anomaly),
  DetailPiece: z.array(DetailPiece),
});
export type ElementACQUIT = z.infer<typeof ElementACQUIT>;

/** PES_ACQUIT_RETOUR: the acknowledgment that a PES_Retour was integrated. */
export const ElementACQUIT_RETOUR = z.object({
  DomaineAckRetour: z.string().optional(),
  NomFichierRetour: z.string().optional(),
  TypRestit: z.string().optional(),
  DateAcquit: z.string().optional(),
});
export type ElementACQUIT_RETOUR = z.infer<typeof ElementACQUIT_RETOUR>;

const CarteVisite = z.object({ Sigle: z.string().optional(), Adresse: z.string().optional() });

export const Enveloppe = z.object({
  Parametres: z.object({ Version: z.string().optional(), TypFic: z.string().optional(), NomFic: z.string().optional() }),
  Emetteur: CarteVisite.optional(),
  Recepteur: CarteVisite.optional(),
});
export type Enveloppe = z.infer<typeof Enveloppe>;

/** The header echoed from the file acknowledged. PES_Retour spells CodCol `CodColl`; both are read into CodCol. */
export const EnTetePES = z.object({
  DteStr: z.string().optional(),
  IdPost: z.string().optional(),
  LibellePoste: z.string().optional(),
  IdColl: z.string().optional(),
  FinJur: z.string().optional(),
  CodCol: z.string().optional(),
  CodBud: z.string().optional(),
  LibelleColBud: z.string().optional(),
});
export type EnTetePES = z.infer<typeof EnTetePES>;

export const AcquitFormat = z.enum([
  /** PES_ACQUIT, namespace …/Rev0/retour/v2 (PES_V2_Acquit_Autonome_V2.xsd): verdicts nested per piece and line. */
  'v2',
  /** PES_ACQUIT, namespace …/Rev0/retour (PES_V2_Acquit_Autonome.xsd): one flat ElementACQUIT per anomaly. */
  'v1',
  /** PES_Acquit / PES_NonAcquit: the whole file accepted or refused, with a motif. */
  'legacy',
  /** PES_ACQUIT_RETOUR, namespace …/Rev0/aller/ack. */
  'acquit-retour',
]);
export type AcquitFormat = z.infer<typeof AcquitFormat>;

export const Acquit = z.object({
  format: AcquitFormat,
  /** The root element's local name as found. */
  root: z.string(),
  namespace: z.string().optional(),
  Enveloppe,
  EnTetePES: EnTetePES.optional(),
  /** EnTeteAcquit/IdVer. */
  IdVer: z.string().optional(),
  /** Legacy forms carry no ElementACQUIT: the reader states their verdict as one DomaineAck 0 element. */
  ElementACQUIT: z.array(ElementACQUIT),
  ElementACQUIT_RETOUR: z.array(ElementACQUIT_RETOUR).optional(),
});
export type Acquit = z.infer<typeof Acquit>;

/** EtatPce (CommunDepense_Retour.xsd TEtatPce). */
export const ETAT_PCE: Readonly<Record<string, string>> = { '01': 'en instance', '02': 'prise en charge', '04': 'rejeté', '05': 'soldé' };

/** EtatLigPce (TEtatLigPce). */
export const ETAT_LIG_PCE: Readonly<Record<string, string>> = {
  '01': 'pris en charge', '02': 'rejeté', '03': 'pré visé PEC sans anomalie', '04': 'pré visé PEC avec anomalie', '05': 'pré visé rejet forçable',
  '06': 'pré visé rejet non forçable', '07': 'PEC avec anomalies', '08': 'PEC sans anomalies', '09': 'rejet', '10': 'rejet non forçable',
  '15': 'pris en charge avec forçage', '16': 'mis en instance',
};

/** Motifs of rejection or suspension (TObsEtat), which ObsEtat carries when it is a code. */
export const OBS_ETAT: Readonly<Record<string, string>> = {
  '01': 'absence totale ou invalidité des pièces justificatives', '02': 'insuffisance pièces justificatives',
  '03': 'insuffisance de crédits budgétaires', '04': 'liquidation erronée', '05': 'absence certification service fait et caractère exécutoire',
  '06': 'autre motif', '07': 'double paiement', '09': 'domiciliation bancaire absente ou erronée', '10': 'récupération avance non effectuée',
  '11': 'incompétence du donneur d’ordre', '13': 'prescription et déchéance', '16': 'mandat non établi au nom du véritable créancier',
  '23': 'erreur d’imputation comptable et budgétaire', '24': 'rejet technique',
};

export const PaiementEmargement = z.object({
  OrgEma: z.string().optional(),
  DtePay: z.string().optional(),
  /** A decimal with a dot; the reader leaves out a value that is not one. */
  MtPay: z.string().optional(),
});
export type PaiementEmargement = z.infer<typeof PaiementEmargement>;

/** LigneDePiece, with the fields of BlocLignePiece/InfoLignePiece lifted to it. */
export const LigneDePieceRetour = z.object({
  IdLigne: z.string().optional(),
  EtatLigPce: z.string().optional(),
  ObsEtat: z.string().optional(),
  Commentaire: z.string().optional(),
  MtHT: z.string().optional(),
  MtTVA: z.string().optional(),
  PaiementEmargement: z.array(PaiementEmargement),
});
export type LigneDePieceRetour = z.infer<typeof LigneDePieceRetour>;

export const InfoPiece = z.object({
  CodServ: z.string().optional(),
  IdPce: z.string().optional(),
  TypPce: z.string().optional(),
  NatPce: z.string().optional(),
  Obj: z.string().optional(),
  DtePcePec: z.string().optional(),
  EtatPce: z.string().optional(),
  /** Motif of rejection or suspension: a TObsEtat code or free text. */
  ObsEtat: z.string().optional(),
  Commentaire: z.string().optional(),
  DtePceRej: z.string().optional(),
  DtePceInst: z.string().optional(),
});
export type InfoPiece = z.infer<typeof InfoPiece>;

export const BordereauRetour = z.object({
  BlocBordereau: z.object({ Exer: z.string().optional(), IdBord: z.string().optional(), TypBord: z.string().optional() }),
  Piece: z.array(z.object({ InfoPiece, LigneDePiece: z.array(LigneDePieceRetour) })),
});
export type BordereauRetour = z.infer<typeof BordereauRetour>;

/** PES_Retour, dépense part (the recette and client parts are not read). */
export const PesRetour = z.object({
  namespace: z.string().optional(),
  Enveloppe,
  EnTetePES,
  PES_DepenseRetour: z
    .object({
      EnTeteDepense: z.object({ TypRestit: z.string().optional(), IdVer: z.string().optional(), NatInf: z.string().optional() }),
      Bordereau: z.array(BordereauRetour),
    })
    .optional(),
});
export type PesRetour = z.infer<typeof PesRetour>;
