/**
 * Elements that only some budget nomenclatures allow (XSD documentation of InfoLignePce,
 * InfoTVAHLM and EnTetePES): Hélios rejects the bordereau, or the flux for FinJur, otherwise.
 * The file does not say its nomenclature, so the model carries it; without it these rules
 * cannot be checked, which is reported once.
 */
import type { Finding } from '../finding.ts';
import type { PesAller } from './model.ts';
import { fatal, lignes, warning } from './report.ts';

const FONCTION = /^M(14|52|57|71)$/;
const OPERATION = /^M(14|4\d?|52|57|61|71|832)$/;
const HLM = /^M31$/;
const FINESS = /^M2[12]$/;

export function nomenclatureRules(pes: PesAller): Finding[] {
  const n = pes.nomenclature;
  const findings: Finding[] = [];
  const seen: string[] = [];
  const allowedIn = (present: boolean, allowed: RegExp, location: string, what: string) => {
    if (!present) return;
    if (n === undefined) seen.push(what);
    else if (!allowed.test(n)) findings.push(fatal('PES-NOMENCLATURE', location, `${what} is not allowed in nomenclature ${n}`));
  };
  for (const { ligne, path } of lignes(pes)) {
    const bloc = ligne.BlocLignePiece;
    const at = `${path}/BlocLignePiece`;
    allowedIn(bloc.InfoLignePce.Fonction !== undefined, FONCTION, `${at}/InfoLignePce/Fonction`, 'Fonction (M14, M52, M57, M71 only)');
    allowedIn(bloc.InfoLignePce.Operation !== undefined, OPERATION, `${at}/InfoLignePce/Operation`, 'Operation (M14, M4x, M52, M57, M61, M71, M832 only)');
    allowedIn(bloc.InfoTVAHLM !== undefined, HLM, `${at}/InfoTVAHLM`, 'InfoTVAHLM (M31 only)');
  }
  const finJur = pes.EnTetePES.FinJur;
  allowedIn(finJur !== undefined, FINESS, 'EnTetePES/FinJur', 'FinJur (M21, M22 only)');
  if (n !== undefined && FINESS.test(n) && finJur === undefined) findings.push(fatal('PES-NOMENCLATURE', 'EnTetePES/FinJur', `nomenclature ${n} requires FinJur`));
  const kinds = [...new Set(seen)];
  if (kinds.length > 0) {
    findings.push(warning('PES-NOMENCLATURE', undefined, `the nomenclature is unknown, so these elements could not be checked: ${kinds.join('; ')}`));
  }
  return findings;
}
