/**
 * Rules on a line's payee (Tiers) and how it is paid, as the XSD documentation of ModRegl,
 * TInfoTiersDepense, TAdresse and TBancaire states them: each breach rejects the bordereau.
 */
import type { Finding } from '../finding.ts';
import { ribProblem, sirenProblem, siretProblem } from './identifiers.ts';
import type { CpteBancaire, InfoTiers, PesAller } from './model.ts';
import { fatal, lignes, warning } from './report.ts';

/** Payment modes that need the payee's bank account, and those that forbid one. */
const NEEDS_ACCOUNT = ['03', '05'];
const FORBIDS_ACCOUNT = ['01', '02', '04', '07', '08', '09', '11'];

function accountRules(c: CpteBancaire, at: string): Finding[] {
  const findings: Finding[] = [];
  const rib = [c.CodeEtab, c.CodeGuic, c.IdCpte, c.CleRib];
  const ribCount = rib.filter((v) => v !== undefined).length;
  if (ribCount > 0 && c.IBAN !== undefined) findings.push(fatal('PES-BANQUE', at, 'either a RIB or an IBAN, not both'));
  else if (ribCount === 0 && c.IBAN === undefined) findings.push(fatal('PES-BANQUE', at, 'a bank account needs an IBAN or a RIB'));
  else if (ribCount > 0 && ribCount < 4) findings.push(fatal('PES-BANQUE', at, 'a RIB needs CodeEtab, CodeGuic, IdCpte and CleRib together'));
  else if (ribCount === 4) {
    const key = ribProblem(c.CodeEtab!, c.CodeGuic!, c.IdCpte!, c.CleRib!);
    if (key) findings.push(fatal('PES-BANQUE', `${at}/CleRib`, key));
  }
  if ((c.IdPayInt === undefined) !== (c.IdBancInt === undefined)) findings.push(fatal('PES-BANQUE', at, 'IdPayInt and IdBancInt go together'));
  if (c.IdPayInt !== undefined && c.IBAN !== undefined) findings.push(fatal('PES-BANQUE', `${at}/IdPayInt`, 'IdPayInt and IdBancInt belong to a RIB, not to an IBAN'));
  if (c.BIC !== undefined && ribCount > 0) findings.push(fatal('PES-BANQUE', `${at}/BIC`, 'a BIC goes with an IBAN, not with a RIB'));
  return findings;
}

function personRules(t: InfoTiers, at: string): Finding[] {
  const findings: Finding[] = [];
  const person = t.CatTiers === '01';
  for (const field of ['Civilite', 'Prenom'] as const) {
    if (person && t[field] === undefined) findings.push(fatal('PES-CIVILITE', `${at}/${field}`, `${field} is required for a natural person (CatTiers 01)`));
    if (!person && t[field] !== undefined) findings.push(fatal('PES-CIVILITE', `${at}/${field}`, `${field} is only for a natural person (CatTiers 01), not CatTiers ${t.CatTiers}`));
  }
  if (t.NatIdTiers !== undefined && t.IdTiers === undefined) findings.push(warning('PES-IDTIERS', `${at}/IdTiers`, `NatIdTiers ${t.NatIdTiers} without the IdTiers it qualifies`));
  if (t.IdTiers !== undefined && t.NatIdTiers === undefined) findings.push(warning('PES-IDTIERS', `${at}/NatIdTiers`, 'IdTiers without NatIdTiers saying what kind of identifier it is'));
  const keyCheck = t.NatIdTiers === '01' ? siretProblem : t.NatIdTiers === '02' ? sirenProblem : undefined;
  const problem = t.IdTiers !== undefined && keyCheck?.(t.IdTiers);
  if (problem) findings.push(fatal('PES-IDTIERS', `${at}/IdTiers`, `IdTiers ${t.IdTiers}: ${problem}`));
  return findings;
}

export function tiersRules(pes: PesAller): Finding[] {
  const findings: Finding[] = [];
  for (const { ligne, path } of lignes(pes)) {
    const modRegl = ligne.BlocLignePiece.InfoLignePce.ModRegl;
    const account = ligne.Tiers?.CpteBancaire;
    const modAt = `${path}/BlocLignePiece/InfoLignePce/ModRegl`;
    if (modRegl && NEEDS_ACCOUNT.includes(modRegl) && !account) findings.push(fatal('PES-MODREGL', modAt, `ModRegl ${modRegl} (virement) requires the payee's CpteBancaire`));
    if (modRegl && FORBIDS_ACCOUNT.includes(modRegl) && account) findings.push(fatal('PES-MODREGL', modAt, `ModRegl ${modRegl} forbids a CpteBancaire on the payee`));
    const tiers = ligne.Tiers;
    if (!tiers) continue;
    const at = `${path}/Tiers`;
    findings.push(...personRules(tiers.InfoTiers, `${at}/InfoTiers`));
    if (account) findings.push(...accountRules(account, `${at}/CpteBancaire`));
    const adr = tiers.Adresse;
    if (adr) {
      if (!/^\d{5}$/.test(adr.CP)) findings.push(fatal('PES-ADRESSE', `${at}/Adresse/CP`, `CP "${adr.CP}": 5 digits required (99999 abroad)`));
      if (adr.CodRes === '1' || adr.CodRes === 'true') {
        if (adr.CodPays === undefined) findings.push(fatal('PES-ADRESSE', `${at}/Adresse/CodPays`, 'a non-resident payee (CodRes 1) requires CodPays'));
      } else if (adr.CodPays !== undefined && adr.CodPays !== '100') {
        findings.push(fatal('PES-ADRESSE', `${at}/Adresse/CodPays`, `a resident payee (CodRes 0) takes no CodPays other than 100, not ${adr.CodPays}`));
      }
    }
  }
  return findings;
}
