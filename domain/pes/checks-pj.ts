/**
 * Rules on attached documents (PES_PJ) and the references to them (PJRef), from the XSD
 * documentation of TPES_PJ, TPES_RefCompta and TPJReference.
 */
import type { Finding } from '../finding.ts';
import type { PesAller, PJRef } from './model.ts';
import { fatal, lignes, piecePath, pjPath, warning } from './report.ts';

/** TypePJ a RefCompta of the dépense domain (01) may carry. */
const DEPENSE_TYPES_PJ = ['003', '004', '005', '006'];

function references(pes: PesAller): { ref: PJRef; location: string }[] {
  const refs: { ref: PJRef; location: string }[] = [];
  (pes.PES_DepenseAller?.Bordereau ?? []).forEach((b, i) =>
    b.Piece.forEach((p, j) =>
      (p.BlocPiece.InfoPce.PJRef ?? []).forEach((ref, k) => refs.push({ ref, location: `${piecePath(i, j)}/BlocPiece/InfoPce/PJRef[${k + 1}]` })),
    ),
  );
  for (const { ligne, path } of lignes(pes)) {
    (ligne.BlocLignePiece.InfoLignePce.PJRef ?? []).forEach((ref, k) => refs.push({ ref, location: `${path}/BlocLignePiece/InfoLignePce/PJRef[${k + 1}]` }));
  }
  return refs;
}

export function pjRules(pes: PesAller): Finding[] {
  const findings: Finding[] = [];
  const pjs = pes.PES_PJ?.PJ ?? [];
  const sent = new Map<string, string>();
  pjs.forEach((pj, j) => {
    const first = sent.get(pj.IdUnique);
    if (first) findings.push(fatal('PES-DOUBLON-PJ', `${pjPath(j)}/IdUnique`, `IdUnique ${pj.IdUnique} is also ${first}: Hélios rejects the second PJ`));
    else sent.set(pj.IdUnique, pjPath(j));
    (pj.RefCompta ?? []).forEach((rc, k) => {
      const at = `${pjPath(j)}/RefCompta[${k + 1}]`;
      if (rc.Domaine !== '01') findings.push(fatal('PES-REFCOMPTA', `${at}/Domaine`, `a dépense PES accepts only Domaine 01, not ${rc.Domaine}`));
      else if (pj.TypePJ !== undefined && !DEPENSE_TYPES_PJ.includes(pj.TypePJ)) {
        findings.push(fatal('PES-REFCOMPTA', `${pjPath(j)}/TypePJ`, `TypePJ ${pj.TypePJ} does not go with Domaine 01 (${DEPENSE_TYPES_PJ.join(', ')})`));
      }
      if (rc.Identifiant === undefined) findings.push(fatal('PES-REFCOMPTA', `${at}/Identifiant`, 'a RefCompta must give the Identifiant (IdPce) of its pièce'));
    });
  });

  const refs = references(pes);
  const referenced = new Set(refs.map((r) => r.ref.IdUnique));
  for (const { ref, location } of refs) {
    const inFile = sent.has(ref.IdUnique);
    if (ref.Support === '01' && !inFile) {
      findings.push(warning('PES-PJREF', `${location}/IdUnique`, `electronic PJ ${ref.IdUnique} is not in this file's PES_PJ: it must have been sent already`));
    }
    if (ref.Support !== '01' && inFile) {
      findings.push(fatal('PES-PJREF', `${location}/Support`, `Support ${ref.Support} (not electronic) forbids sending PJ ${ref.IdUnique} in PES_PJ`));
    }
  }
  pjs.forEach((pj, j) => {
    if (!referenced.has(pj.IdUnique) && (pj.RefCompta ?? []).length === 0) {
      findings.push(warning('PES-PJ-ORPHELINE', `${pjPath(j)}/IdUnique`, `PJ ${pj.IdUnique} is referenced by no PJRef and has no RefCompta: nothing ties it to a pièce`));
    }
  });
  return findings;
}
