/**
 * Findings about a PES model and the locations they name. A location is the element's path
 * below the root `PES_Aller`, 1-based indexes on repeated elements, e.g.
 * `PES_DepenseAller/Bordereau[1]/Piece[3]/LigneDePiece[1]/BlocLignePiece/InfoLignePce/MtHT`,
 * so a caller can tell which bordereau, pièce and line (hence which mandate) it is about.
 */
import type { Finding } from '../finding.ts';
import type { Bordereau, LigneDePiece, PesAller, Piece } from './model.ts';

export const fatal = (rule: string, location: string | undefined, message: string): Finding => ({
  rule,
  severity: 'fatal',
  ...(location === undefined ? {} : { location }),
  message,
});

export const warning = (rule: string, location: string | undefined, message: string): Finding => ({
  rule,
  severity: 'warning',
  ...(location === undefined ? {} : { location }),
  message,
});

export const bordereauPath = (b: number): string => `PES_DepenseAller/Bordereau[${b + 1}]`;
export const piecePath = (b: number, p: number): string => `${bordereauPath(b)}/Piece[${p + 1}]`;
export const lignePath = (b: number, p: number, l: number): string => `${piecePath(b, p)}/LigneDePiece[${l + 1}]`;
export const pjPath = (j: number): string => `PES_PJ/PJ[${j + 1}]`;

export interface PiecePosition {
  /** 0-based indexes: bordereau, pièce within it, and line within the pièce when the location is below a line. */
  bordereau: number;
  piece?: number;
  ligne?: number;
}

/** Which bordereau, pièce and line a location is about, or undefined outside the dépense domain. */
export function piecePosition(location: string): PiecePosition | undefined {
  const m = /^PES_DepenseAller\/Bordereau\[(\d+)\](?:\/Piece\[(\d+)\](?:\/LigneDePiece\[(\d+)\])?)?/.exec(location);
  if (!m) return undefined;
  const index = (s: string | undefined) => (s === undefined ? undefined : Number(s) - 1);
  return { bordereau: Number(m[1]) - 1, ...(m[2] ? { piece: index(m[2]) } : {}), ...(m[3] ? { ligne: index(m[3]) } : {}) };
}

interface LigneVisit {
  bordereau: Bordereau;
  piece: Piece;
  ligne: LigneDePiece;
  b: number;
  p: number;
  l: number;
  path: string;
}

/** Every line of every pièce, in file order. */
export function* lignes(pes: PesAller): Generator<LigneVisit> {
  for (const [b, bordereau] of (pes.PES_DepenseAller?.Bordereau ?? []).entries()) {
    for (const [p, piece] of bordereau.Piece.entries()) {
      for (const [l, ligne] of piece.LigneDePiece.entries()) yield { bordereau, piece, ligne, b, p, l, path: lignePath(b, p, l) };
    }
  }
}
