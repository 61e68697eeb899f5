/**
 * What Hélios' Guichet XML would say of a PES_Aller file, for the simulator: the checks a
 * treasury post applies (encoding, schema, NomFic, IdBord sequence, totals, PJ uniqueness), as
 * a verdict per element. It keeps the state those checks need (what it has already taken).
 */
import { Decimal } from 'decimal.js';
import type { XsdFinding } from '../../domain/xml/xsd.ts';
import { readPesAller } from '../../domain/pes/reader.ts';
import type { AnomalyInput } from '../../domain/acquit/writer.ts';

/** NumAnoAck (e.g. ERREUR_CUMUL_MONTANTS) and libellé; business errors come as ERREUR_AUTRE with "NNNN - text". */
export type Anomaly = AnomalyInput;

export interface Verdict {
  file: { nomFic: string; codCol: string; idPost: string; idColl: string; codBud: string };
  /** Set when the whole file is rejected (DomaineAck 0: encoding, schema). */
  fileRejected?: Anomaly[];
  bordereaux: { exer: string; idBord: string; accepted: boolean; anomalies: Anomaly[] }[];
  pjs: { idUnique: string; accepted: boolean; anomalies: Anomaly[] }[];
}

export interface JudgeOptions {
  /** Reject this bordereau with a business anomaly although it is fine (partial rejection). */
  rejectBordereau?: (exer: string, idBord: string) => Anomaly | undefined;
}

/** The file's EnTetePES as far as it can be read; placeholders where it cannot (the ACK still needs one). */
function headerOf(bytes: Uint8Array): { idPost: string; idColl: string; codBud: string } {
  try {
    const h = readPesAller(bytes).pes.EnTetePES;
    return { idPost: h.IdPost, idColl: h.IdColl, codBud: h.CodBud };
  } catch {
    return { idPost: '000000', idColl: '', codBud: '00' };
  }
}

export class Treasury {
  private readonly lastIdBord = new Map<string, number>();
  private readonly pjIds = new Set<string>();

  judge(bytes: Uint8Array, fallback: { nomFic: string; codCol: string }, xsd: XsdFinding[], opts: JudgeOptions = {}): Verdict {
    const head = Buffer.from(bytes.subarray(0, 60)).toString('latin1');
    const unknownFile = { nomFic: fallback.nomFic, codCol: fallback.codCol, ...headerOf(bytes) };
    if (!/encoding="ISO-8859-1"/i.test(head)) {
      return { file: unknownFile, fileRejected: [{ code: 'ERREUR_ENCODING', libelle: "Le fichier n'est pas encodé en ISO-8859-1" }], bordereaux: [], pjs: [] };
    }
    const errors = xsd.filter((f) => f.level !== 'warning');
    if (errors.length > 0) {
      const libelle = `Fichier non conforme au schéma : ligne ${errors[0]!.line} ${errors[0]!.message}`.slice(0, 500);
      return { file: unknownFile, fileRejected: [{ code: 'ERREUR_SCHEMA_INCOMPLET', libelle }], bordereaux: [], pjs: [] };
    }
    const { pes } = readPesAller(bytes);
    const h = pes.EnTetePES;
    const file = { nomFic: pes.Enveloppe.Parametres.NomFic, codCol: h.CodCol, idPost: h.IdPost, idColl: h.IdColl, codBud: h.CodBud };
    const bordereaux = (pes.PES_DepenseAller?.Bordereau ?? []).map((b) => {
      const bb = b.BlocBordereau;
      const anomalies: Anomaly[] = [];
      const scope = `${h.IdColl}:${h.CodCol}:${h.CodBud}:${bb.Exer}:${bb.TypBord}`;
      const last = this.lastIdBord.get(scope) ?? 0;
      const idBord = Number(bb.IdBord);
      if (idBord <= last) anomalies.push({ code: 'ERREUR_DOUBLON_BORDEREAU', libelle: `Le bordereau ${bb.IdBord} de l'exercice ${bb.Exer} a déjà été intégré` });
      else if (idBord !== last + 1) anomalies.push({ code: 'ERREUR_AUTRE', libelle: `2210 - Rupture de séquence : bordereau ${bb.IdBord} reçu, ${last + 1} attendu` });
      const lines = b.Piece.flatMap((p) => p.LigneDePiece.map((l) => l.BlocLignePiece.InfoLignePce));
      const ht = lines.reduce((s, l) => s.plus(l.MtHT), new Decimal(0));
      if (!ht.equals(bb.MtBordHT)) anomalies.push({ code: 'ERREUR_CUMUL_MONTANTS', libelle: `MtBordHT ${bb.MtBordHT} différent de la somme des lignes ${ht.toFixed(2)}` });
      if (Number(bb.NbrPce) !== b.Piece.length) anomalies.push({ code: 'ERREUR_AUTRE', libelle: `1502 - NbrPce ${bb.NbrPce} différent du nombre de pièces ${b.Piece.length}` });
      const injected = anomalies.length === 0 ? opts.rejectBordereau?.(bb.Exer, bb.IdBord) : undefined;
      if (injected) anomalies.push(injected);
      // A received bordereau uses up its number even when rejected on its content; the next one follows it.
      if (idBord > last) this.lastIdBord.set(scope, idBord);
      return { exer: bb.Exer, idBord: bb.IdBord, accepted: anomalies.length === 0, anomalies };
    });
    const pjs = (pes.PES_PJ?.PJ ?? []).map((pj): Verdict['pjs'][number] => {
      const key = `${h.IdColl}:${pj.IdUnique}`;
      if (this.pjIds.has(key)) return { idUnique: pj.IdUnique, accepted: false, anomalies: [{ code: 'ERREUR_AUTRE', libelle: `1984 - La PJ ${pj.IdUnique} a déjà été transmise (ERREUR_DOUBLON_PJ)` }] };
      this.pjIds.add(key);
      return { idUnique: pj.IdUnique, accepted: true, anomalies: [] };
    });
    return { file, bordereaux, pjs };
  }
}
