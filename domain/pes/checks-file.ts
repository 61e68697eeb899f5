/**
 * Rules on the file as a whole: fixed versions, the collectivité's SIRET, an empty flux, the
 * signature flag and the uniqueness of XML ids.
 */
import type { Finding } from '../finding.ts';
import { siretProblem } from './identifiers.ts';
import type { PesAller } from './model.ts';
import { bordereauPath, fatal, warning } from './report.ts';

const fixed = (actual: string, expected: string, location: string, what: string): Finding[] =>
  actual === expected ? [] : [fatal('PES-VERSION', location, `${what} must be ${expected}, not ${actual}`)];

const TYPFIC = ['PESALR1', 'PESALR2'];

export function fileRules(pes: PesAller): Finding[] {
  const findings: Finding[] = [
    ...fixed(pes.Enveloppe.Parametres.Version, '2', 'Enveloppe/Parametres/Version', 'the enveloppe Version'),
  ];
  const typFic = pes.Enveloppe.Parametres.TypFic;
  if (!TYPFIC.includes(typFic)) {
    findings.push(warning('PES-TYPFIC', 'Enveloppe/Parametres/TypFic', `TypFic ${typFic}: a PES_Aller is PESALR1 (the XSD) or PESALR2 (real files)`));
  }
  const siret = siretProblem(pes.EnTetePES.IdColl);
  if (siret) findings.push(fatal('PES-SIRET', 'EnTetePES/IdColl', `IdColl ${pes.EnTetePES.IdColl}: ${siret}`));

  const depense = pes.PES_DepenseAller;
  if (depense) {
    findings.push(...fixed(depense.EnTeteDepense.IdVer, '2', 'PES_DepenseAller/EnTeteDepense/IdVer', 'the dépense IdVer'));
    const demat = depense.EnTeteDepense.InfoDematerialisee;
    if (demat === '1' || demat === 'true') {
      findings.push(
        fatal('PES-SIGNATURE', 'PES_DepenseAller/EnTeteDepense/InfoDematerialisee', 'InfoDematerialisee 1 requires a signature, which this writer does not add: the flux would be rejected'),
      );
    }
  }
  if (pes.PES_PJ) findings.push(...fixed(pes.PES_PJ.EnTetePES_PJ.IdVer, '1', 'PES_PJ/EnTetePES_PJ/IdVer', 'the PES_PJ IdVer'));
  if (!depense && (pes.PES_PJ?.PJ ?? []).length === 0) findings.push(fatal('PES-FLUX-VIDE', undefined, 'neither bordereaux nor PJ: the flux is empty'));

  // Root and bordereau ids are xs:ID: one value may name one element only.
  const ids = new Map<string, string>();
  const idAt = (id: string | undefined, location: string) => {
    if (id === undefined) return;
    const first = ids.get(id);
    if (first) findings.push(fatal('PES-ID-DOUBLON', location, `Id ${id} is already the Id of ${first}`));
    else ids.set(id, location);
  };
  idAt(pes.Id, '@Id');
  depense?.Bordereau.forEach((b, i) => idAt(b.Id, `${bordereauPath(i)}/@Id`));
  return findings;
}
