/**
 * What the treasury decided, per target the pipeline knows: from an acknowledgment, the file,
 * each bordereau (with its pièces and lines), each PJ; from a PES_Retour, each pièce. One
 * acknowledgment may mix outcomes (a bordereau rejected while its PJs are accepted), so every
 * element counts on its own.
 *
 * Which element decides what, by DomaineAck:
 * - 0 technique, 1–3 signatures: the whole file (Boîte 1: any anomaly rejects the file);
 * - 5 dépense, 6 recette: the bordereau NumBord/ExerciceBord; without NumBord, the whole file
 *   (inference: a business rejection that names no bordereau leaves none of them standing);
 * - 4 PJ: the PJ IdUnique;
 * - anything else (marché, budget, facture…, or no DomaineAck and no identifier): `others`.
 * Several elements for one bordereau (the v1 form writes one per anomaly) make one target,
 * rejected if any of them is.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { StatusEvent } from '../status/machine.ts';
import { Anomaly, ETAT_LIG_PCE, ETAT_PCE, OBS_ETAT, type Acquit, type ElementACQUIT, type PesRetour } from './model.ts';

export const LineOutcome = z.object({ idLigne: z.string(), anomalies: z.array(Anomaly) });
export type LineOutcome = z.infer<typeof LineOutcome>;

export const PieceOutcome = z.object({
  idPce: z.string(),
  /** The pièce's own anomalies; its lines' are under `lines`. */
  anomalies: z.array(Anomaly),
  lines: z.array(LineOutcome),
});
export type PieceOutcome = z.infer<typeof PieceOutcome>;

export const BordereauDomaine = z.enum(['depense', 'recette']);
export type BordereauDomaine = z.infer<typeof BordereauDomaine>;

export const BordereauOutcome = z.object({
  /** Dépense and recette bordereaux are numbered apart: the same IdBord may be both. */
  domaine: BordereauDomaine,
  exer: z.string(),
  idBord: z.string(),
  accepted: z.boolean(),
  /** The bordereau's own anomalies; its pièces' are under `pieces`. */
  anomalies: z.array(Anomaly),
  pieces: z.array(PieceOutcome),
});
export type BordereauOutcome = z.infer<typeof BordereauOutcome>;

export const PjOutcome = z.object({ idUnique: z.string(), accepted: z.boolean(), anomalies: z.array(Anomaly) });
export type PjOutcome = z.infer<typeof PjOutcome>;

export const AckOutcome = z.object({
  /** The file answered, as the pipeline matches it: NomFic with CodCol. */
  file: z.object({ nomFic: z.string().optional(), codCol: z.string().optional() }),
  /** Present when the whole file is rejected (possibly with no anomaly stated). */
  fileRejected: z.array(Anomaly).optional(),
  bordereaux: z.array(BordereauOutcome),
  pjs: z.array(PjOutcome),
  /** Elements about nothing the pipeline sends (marché, budget…), kept so none is lost. */
  others: z.array(z.object({ domaine: z.string().optional(), accepted: z.boolean(), anomalies: z.array(Anomaly), idMarche: z.string().optional() })),
});
export type AckOutcome = z.infer<typeof AckOutcome>;

const FILE_DOMAINES = new Set(['0', '1', '2', '3']);
const BORDEREAU_DOMAINES: Readonly<Record<string, BordereauDomaine>> = { '5': 'depense', '6': 'recette' };

type Target = { kind: 'file' } | { kind: 'bordereau'; domaine: BordereauDomaine } | { kind: 'pj' } | { kind: 'other' };

/** Where an element's verdict applies; with no DomaineAck, its identifiers tell. */
function targetOf(e: ElementACQUIT): Target {
  const code = e.DomaineAck?.code;
  const bordereau = code === undefined ? (e.NumBord === undefined ? undefined : 'depense') : BORDEREAU_DOMAINES[code];
  if (bordereau !== undefined) return e.NumBord === undefined ? { kind: 'file' } : { kind: 'bordereau', domaine: bordereau };
  if ((code === '4' || code === undefined) && e.IdUnique !== undefined) return { kind: 'pj' };
  if (code !== undefined && FILE_DOMAINES.has(code)) return { kind: 'file' };
  return { kind: 'other' };
}

const piecesOf = (e: ElementACQUIT): PieceOutcome[] =>
  e.DetailPiece.map((p) => ({ idPce: p.NumPiece, anomalies: p.Erreur, lines: p.DetailLigne.map((l) => ({ idLigne: l.NumLigne, anomalies: l.Erreur })) }));

export function outcomeOf(ack: Acquit): AckOutcome {
  const out: AckOutcome = { file: { nomFic: ack.Enveloppe.Parametres.NomFic, codCol: ack.EnTetePES?.CodCol }, bordereaux: [], pjs: [], others: [] };
  for (const e of ack.ElementACQUIT) {
    const target = targetOf(e);
    if (target.kind === 'file') {
      if (!e.EtatAck) out.fileRejected = [...(out.fileRejected ?? []), ...e.Erreur, ...piecesOf(e).flatMap(pieceAnomalies)];
    } else if (target.kind === 'bordereau') {
      const exer = e.ExerciceBord ?? '';
      const idBord = e.NumBord!;
      const same = out.bordereaux.find((b) => b.domaine === target.domaine && b.exer === exer && b.idBord === idBord);
      if (same) {
        same.accepted &&= e.EtatAck;
        same.anomalies.push(...e.Erreur);
        same.pieces.push(...piecesOf(e));
      } else {
        out.bordereaux.push({ domaine: target.domaine, exer, idBord, accepted: e.EtatAck, anomalies: [...e.Erreur], pieces: piecesOf(e) });
      }
    } else if (target.kind === 'pj') {
      out.pjs.push({ idUnique: e.IdUnique!, accepted: e.EtatAck, anomalies: e.Erreur });
    } else {
      out.others.push({ domaine: e.DomaineAck?.code, accepted: e.EtatAck, anomalies: [...e.Erreur, ...piecesOf(e).flatMap(pieceAnomalies)], idMarche: e.IdMarche });
    }
  }
  return out;
}

/** A pièce's anomalies with its lines'. */
const pieceAnomalies = (p: PieceOutcome): Anomaly[] => [...p.anomalies, ...p.lines.flatMap((l) => l.anomalies)];

export interface InvoicePlace {
  exer: string;
  idBord: string;
  /** The invoice's pièce in the bordereau, when known. */
  idPce?: string;
  /** The IdUnique of the invoice's PJ, when it was attached. */
  idUnique?: string;
}

export interface InvoiceVerdict {
  event: Extract<StatusEvent, 'treasury_accepted' | 'treasury_rejected'>;
  /** What concerns this invoice: the file's, its pièce's (else its bordereau's), its PJ's anomalies. */
  anomalies: Anomaly[];
}

/**
 * The verdict of an acknowledgment on one invoice sent as a dépense pièce, or undefined when
 * it decides nothing about it (its bordereau is not mentioned and the file is not rejected).
 * A rejected bordereau rejects every pièce in it; a rejected PJ rejects its invoice (the
 * comptable cannot take a mandat in charge without its justificatif).
 */
export function invoiceVerdict(outcome: AckOutcome, at: InvoicePlace): InvoiceVerdict | undefined {
  const bordereaux = outcome.bordereaux.filter((b) => b.domaine === 'depense' && b.exer === at.exer && b.idBord === at.idBord);
  const pj = at.idUnique === undefined ? undefined : outcome.pjs.find((p) => p.idUnique === at.idUnique);
  if (outcome.fileRejected === undefined && bordereaux.length === 0) return undefined;
  const rejected = outcome.fileRejected !== undefined || bordereaux.some((b) => !b.accepted) || pj?.accepted === false;
  const ofBordereaux = bordereaux.flatMap((b) => {
    const own = b.pieces.filter((p) => p.idPce === at.idPce).flatMap(pieceAnomalies);
    return own.length > 0 ? own : b.anomalies;
  });
  return {
    event: rejected ? 'treasury_rejected' : 'treasury_accepted',
    anomalies: [...(outcome.fileRejected ?? []), ...ofBordereaux, ...(pj && !pj.accepted ? pj.anomalies : [])],
  };
}

// ---------------------------------------------------------------- PES_Retour

export const RetourDecision = z.enum(['suspended', 'taken_in_charge', 'rejected', 'paid']);
export type RetourDecision = z.infer<typeof RetourDecision>;

/** EtatPce → decision: 01 en instance, 02 prise en charge, 04 rejeté, 05 soldé. */
const DECISIONS: Readonly<Record<string, RetourDecision>> = { '01': 'suspended', '02': 'taken_in_charge', '04': 'rejected', '05': 'paid' };

/** The invoice status event each decision drives; a suspension changes nothing yet. */
export const RETOUR_EVENTS: Readonly<Record<RetourDecision, StatusEvent | undefined>> = {
  suspended: undefined,
  taken_in_charge: 'treasury_accepted',
  rejected: 'treasury_rejected',
  paid: 'payment_recorded',
};

const Payment = z.object({ date: z.string().optional(), amount: z.string() });

export const RetourPieceOutcome = z.object({
  exer: z.string(),
  idBord: z.string(),
  idPce: z.string(),
  /** EtatPce as written and its meaning. */
  etatPce: z.string().optional(),
  etatPceMeaning: z.string().optional(),
  /** Undefined when EtatPce is missing or unknown. */
  decision: RetourDecision.optional(),
  /** DtePcePec. */
  takenInChargeOn: z.string().optional(),
  /** DtePceInst. */
  suspendedOn: z.string().optional(),
  rejection: z
    .object({
      /** DtePceRej. */
      on: z.string().optional(),
      /** ObsEtat: a TObsEtat code or free text, with the code's meaning when it is one. */
      motif: z.string().optional(),
      motifMeaning: z.string().optional(),
      commentaire: z.string().optional(),
      /** A pièce rejected after being taken in charge (DtePcePec and DtePceRej) cannot be sent again with the same IdPce. */
      idPceReusable: z.boolean(),
    })
    .optional(),
  /** Sum of every PaiementEmargement of the pièce's lines; absent when there is none. */
  paid: z.object({ total: z.string(), lastPaidOn: z.string().optional(), payments: z.array(Payment) }).optional(),
  lines: z.array(z.object({ idLigne: z.string().optional(), etat: z.string().optional(), etatMeaning: z.string().optional(), motif: z.string().optional() })),
});
export type RetourPieceOutcome = z.infer<typeof RetourPieceOutcome>;

export const RetourOutcome = z.object({
  file: z.object({ nomFic: z.string().optional(), typFic: z.string().optional(), idColl: z.string().optional(), codCol: z.string().optional(), codBud: z.string().optional() }),
  pieces: z.array(RetourPieceOutcome),
});
export type RetourOutcome = z.infer<typeof RetourOutcome>;

/** Each dépense pièce a PES_Retour reports (those without IdPce cannot be matched and are left out; the reader warned). */
export function retourOutcome(retour: PesRetour): RetourOutcome {
  const h = retour.EnTetePES;
  const pieces: RetourPieceOutcome[] = [];
  for (const b of retour.PES_DepenseRetour?.Bordereau ?? []) {
    for (const { InfoPiece: info, LigneDePiece: lines } of b.Piece) {
      if (info.IdPce === undefined) continue;
      const decision = info.EtatPce === undefined ? undefined : DECISIONS[info.EtatPce];
      const payments = lines.flatMap((l) => l.PaiementEmargement.flatMap((p) => (p.MtPay === undefined ? [] : [{ date: p.DtePay, amount: p.MtPay }])));
      const dates = payments.flatMap((p) => (p.date === undefined ? [] : [p.date])).sort();
      pieces.push({
        exer: b.BlocBordereau.Exer ?? '',
        idBord: b.BlocBordereau.IdBord ?? '',
        idPce: info.IdPce,
        etatPce: info.EtatPce,
        etatPceMeaning: info.EtatPce === undefined ? undefined : ETAT_PCE[info.EtatPce],
        decision,
        takenInChargeOn: info.DtePcePec,
        suspendedOn: info.DtePceInst,
        rejection:
          decision === 'rejected'
            ? {
                on: info.DtePceRej,
                motif: info.ObsEtat,
                motifMeaning: info.ObsEtat === undefined ? undefined : OBS_ETAT[info.ObsEtat],
                commentaire: info.Commentaire,
                idPceReusable: info.DtePcePec === undefined,
              }
            : undefined,
        paid:
          payments.length === 0
            ? undefined
            : { total: payments.reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(2), lastPaidOn: dates.at(-1), payments },
        lines: lines.map((l) => ({ idLigne: l.IdLigne, etat: l.EtatLigPce, etatMeaning: l.EtatLigPce === undefined ? undefined : ETAT_LIG_PCE[l.EtatLigPce], motif: l.ObsEtat })),
      });
    }
  }
  return { file: { nomFic: retour.Enveloppe.Parametres.NomFic, typFic: retour.Enveloppe.Parametres.TypFic, idColl: h.IdColl, codCol: h.CodCol, codBud: h.CodBud }, pieces };
}
