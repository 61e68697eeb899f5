/**
 * What a PES_Aller holds, at a glance (for the CLI and logs): who it is for, its bordereaux
 * as declared, its PJs, and totals recomputed from the lines.
 */
import { Decimal } from 'decimal.js';
import type { PesAller } from './model.ts';
import { montantLight } from './simple-types.ts';

export interface PesSummary {
  nomFic: string;
  collectivite: { IdColl: string; CodCol: string; CodBud: string; IdPost: string; LibelleColBud?: string };
  exercices: string[];
  bordereaux: { Exer: string; IdBord: string; TypBord: string; NbrPce: string; MtBordHT: string; MtBordTVA?: string }[];
  pj: { count: number; names: string[] };
  /** Recomputed from the lines, two decimals; an amount that is not one counts as 0. */
  totals: { pieces: number; lignes: number; MtHT: string; MtTVA: string };
}

const amount = (v: string | undefined): Decimal => (v !== undefined && montantLight.problem(v) === undefined ? new Decimal(v) : new Decimal(0));

export function summarizePes(pes: PesAller): PesSummary {
  const { IdColl, CodCol, CodBud, IdPost, LibelleColBud } = pes.EnTetePES;
  const bordereaux = pes.PES_DepenseAller?.Bordereau ?? [];
  const lines = bordereaux.flatMap((b) => b.Piece.flatMap((p) => p.LigneDePiece.map((l) => l.BlocLignePiece.InfoLignePce)));
  const pjs = pes.PES_PJ?.PJ ?? [];
  return {
    nomFic: pes.Enveloppe.Parametres.NomFic,
    collectivite: { IdColl, CodCol, CodBud, IdPost, ...(LibelleColBud === undefined ? {} : { LibelleColBud }) },
    exercices: [...new Set(bordereaux.map((b) => b.BlocBordereau.Exer))].sort(),
    bordereaux: bordereaux.map(({ BlocBordereau: { Exer, IdBord, TypBord, NbrPce, MtBordHT, MtBordTVA } }) => ({
      Exer,
      IdBord,
      TypBord,
      NbrPce,
      MtBordHT,
      ...(MtBordTVA === undefined ? {} : { MtBordTVA }),
    })),
    pj: { count: pjs.length, names: pjs.map((p) => p.NomPJ) },
    totals: {
      pieces: bordereaux.reduce((n, b) => n + b.Piece.length, 0),
      lignes: lines.length,
      MtHT: lines.reduce((s, l) => s.plus(amount(l.MtHT)), new Decimal(0)).toFixed(2),
      MtTVA: lines.reduce((s, l) => s.plus(amount(l.MtTVA)), new Decimal(0)).toFixed(2),
    },
  };
}
