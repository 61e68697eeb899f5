/**
 * Rules on bordereaux and pièces: the totals a bordereau declares, numbers that must not
 * repeat, the TypBord–TypPce–NatPce triplet and what a triplet requires of its lines
 * (XSD documentation of TBlocBordereau, TInfoPce, TRattachPiece, TLiensIdent).
 */
import { Decimal } from 'decimal.js';
import type { Finding } from '../finding.ts';
import type { Bordereau, PesAller, Piece } from './model.ts';
import { bordereauPath, fatal, lignePath, piecePath, warning } from './report.ts';
import { montantLight } from './simple-types.ts';

/** The amount, or undefined when it is not one (its type check reports that). */
const amountOf = (v: string | undefined): Decimal | undefined => (v !== undefined && montantLight.problem(v) === undefined ? new Decimal(v) : undefined);

/** NbrPce, MtBordHT and MtBordTVA against the pièces; Hélios rejects a bordereau whose sums disagree (ERREUR_CUMUL_MONTANTS). */
function totals(b: Bordereau, at: string): Finding[] {
  const findings: Finding[] = [];
  const bloc = b.BlocBordereau;
  if (bloc.NbrPce !== String(b.Piece.length)) {
    findings.push(fatal('PES-TOTAL-NbrPce', `${at}/BlocBordereau/NbrPce`, `NbrPce ${bloc.NbrPce} but the bordereau has ${b.Piece.length} pièce(s)`));
  }
  const lines = b.Piece.flatMap((p) => p.LigneDePiece.map((l) => l.BlocLignePiece.InfoLignePce));
  const sum = (values: (string | undefined)[]): Decimal | undefined => {
    let total = new Decimal(0);
    for (const v of values) {
      const a = v === undefined ? new Decimal(0) : amountOf(v);
      if (!a) return undefined;
      total = total.plus(a);
    }
    return total;
  };
  const ht = sum(lines.map((l) => l.MtHT));
  const declaredHT = amountOf(bloc.MtBordHT);
  if (ht && declaredHT && !ht.equals(declaredHT)) {
    findings.push(fatal('PES-TOTAL-MtBordHT', `${at}/BlocBordereau/MtBordHT`, `MtBordHT ${bloc.MtBordHT} but the lines' MtHT add up to ${ht.toFixed(2)}`));
  }
  const tva = sum(lines.map((l) => l.MtTVA));
  const declaredTVA = bloc.MtBordTVA === undefined ? new Decimal(0) : amountOf(bloc.MtBordTVA);
  if (tva && declaredTVA && !tva.equals(declaredTVA)) {
    findings.push(
      fatal('PES-TOTAL-MtBordTVA', `${at}/BlocBordereau/MtBordTVA`, `MtBordTVA ${bloc.MtBordTVA ?? 'absent'} but the lines' MtTVA add up to ${tva.toFixed(2)}`),
    );
  }
  return findings;
}

/** Triplets the project has seen documented (the DGFiP grid itself was not found): others are reported, not refused. */
const KNOWN_TRIPLETS = new Set(['01-01-01', '01-09-01', '01-06-01', '01-07-01', '02-02-06', '01-02-09', '01-13-01', '02-02-10']);
/** Triplets whose every line must name the pièce it corrects, a mandat (01) or a titre (02). */
const CORRECTING = new Set(['02-02-06', '01-02-09', '01-13-01', '02-02-10']);
/** NatPceOrig a triplet (or a TypPce) allows when its lines carry a RattachPiece. */
const NAT_PCE_ORIG: Readonly<Record<string, readonly string[]>> = {
  '02-02-06': ['01', '02'],
  '01-02-09': ['01', '02'],
  '01-13-01': ['01', '02'],
  '02-02-10': ['01', '02'],
  '01-07-01': ['04'],
  '01-01-01': ['05'],
  '01-09-01': ['05'],
};

function pieceRules(typBord: string, piece: Piece, b: number, p: number): Finding[] {
  const findings: Finding[] = [];
  const info = piece.BlocPiece.InfoPce;
  const triplet = `${typBord}-${info.TypPce}-${info.NatPce}`;
  if (!KNOWN_TRIPLETS.has(triplet)) {
    findings.push(warning('PES-TRIPLET', `${piecePath(b, p)}/BlocPiece/InfoPce`, `triplet TypBord-TypPce-NatPce ${triplet} is not among the known ones; Hélios rejects an unknown triplet`));
  }
  const allowedOrig = info.TypPce === '05' ? ['03'] : NAT_PCE_ORIG[triplet];
  piece.LigneDePiece.forEach((ligne, l) => {
    const bloc = ligne.BlocLignePiece;
    const at = `${lignePath(b, p, l)}/BlocLignePiece`;
    const rattach = bloc.RattachPiece;
    if (!rattach) {
      if (CORRECTING.has(triplet)) findings.push(fatal('PES-RATTACH', at, `triplet ${triplet} requires a RattachPiece naming the corrected pièce`));
    } else {
      if (allowedOrig && !allowedOrig.includes(rattach.NatPceOrig)) {
        findings.push(fatal('PES-RATTACH', `${at}/RattachPiece/NatPceOrig`, `NatPceOrig ${rattach.NatPceOrig} is not allowed with ${triplet} (${allowedOrig.join(' or ')})`));
      }
      const idLigneOrig = rattach.IdLigneOrig;
      const needsLine = ['01', '02', '05'].includes(rattach.NatPceOrig);
      if (needsLine && (idLigneOrig === undefined || /^0+$/.test(idLigneOrig))) {
        findings.push(fatal('PES-RATTACH', `${at}/RattachPiece/IdLigneOrig`, `NatPceOrig ${rattach.NatPceOrig} requires IdLigneOrig of at least 1`));
      }
      if (!needsLine && idLigneOrig !== undefined && !/^0+$/.test(idLigneOrig)) {
        findings.push(fatal('PES-RATTACH', `${at}/RattachPiece/IdLigneOrig`, `NatPceOrig ${rattach.NatPceOrig} takes no IdLigneOrig (absent or 0)`));
      }
    }
    if (info.TypPce === '09' && !bloc.LiensIdent?.IdMarche) {
      findings.push(warning('PES-IDMARCHE', at, 'a mandat sur marché (TypPce 09) is expected to name its contract in LiensIdent/IdMarche'));
    }
    if (triplet === '01-06-01' && !bloc.LiensIdent?.IdConv) {
      findings.push(fatal('PES-IDCONV', at, 'a mandat global (01-06-01) requires LiensIdent/IdConv'));
    }
  });
  return findings;
}

/** Reports the second occurrence of a key, naming the first. */
const firstSeen = (seen: Map<string, string>, key: string, location: string): string | undefined => {
  const first = seen.get(key);
  if (first === undefined) seen.set(key, location);
  return first;
};

export function bordereauRules(pes: PesAller): Finding[] {
  const findings: Finding[] = [];
  const bordereaux = new Map<string, string>();
  const pieces = new Map<string, string>();
  for (const [b, bordereau] of (pes.PES_DepenseAller?.Bordereau ?? []).entries()) {
    const at = bordereauPath(b);
    const { Exer, TypBord, IdBord } = bordereau.BlocBordereau;
    if (TypBord === '04') findings.push(fatal('PES-TYPBORD', `${at}/BlocBordereau/TypBord`, 'TypBord 04 passes the XSD but Hélios rejects it in a PES_Aller'));
    findings.push(...totals(bordereau, at));
    const sameBord = firstSeen(bordereaux, `${Exer}/${TypBord}/${IdBord}`, at);
    if (sameBord) findings.push(fatal('PES-DOUBLON-IdBord', `${at}/BlocBordereau/IdBord`, `IdBord ${IdBord} (exercice ${Exer}, TypBord ${TypBord}) is also ${sameBord}`));
    for (const [p, piece] of bordereau.Piece.entries()) {
      const idPce = piece.BlocPiece.InfoPce.IdPce;
      const samePce = firstSeen(pieces, `${Exer}/${idPce}`, piecePath(b, p));
      if (samePce) findings.push(fatal('PES-DOUBLON-IdPce', `${piecePath(b, p)}/BlocPiece/InfoPce/IdPce`, `IdPce ${idPce} (exercice ${Exer}) is also ${samePce}`));
      const lines = new Map<string, string>();
      for (const [l, ligne] of piece.LigneDePiece.entries()) {
        const idLigne = ligne.BlocLignePiece.InfoLignePce.IdLigne;
        const sameLigne = firstSeen(lines, idLigne, lignePath(b, p, l));
        if (sameLigne) findings.push(fatal('PES-DOUBLON-IdLigne', `${lignePath(b, p, l)}/BlocLignePiece/InfoLignePce/IdLigne`, `IdLigne ${idLigne} is also ${sameLigne}`));
      }
      findings.push(...pieceRules(TypBord, piece, b, p));
    }
  }
  return findings;
}
