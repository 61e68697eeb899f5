/**
 * Reads what the treasury sends back as it really comes: PES_ACQUIT v2, v1 (flat, one element
 * per anomaly), the legacy PES_Acquit / PES_NonAcquit roots (one with the `…/heliso/…`
 * namespace typo), PES_ACQUIT_RETOUR, and PES_Retour dépense. Whatever deviates from the 5.17
 * schemas (no Emetteur, CodColl for CodCol, CodCol 000, another namespace or encoding, a value
 * as text) is read anyway and reported as a warning naming the deviation; bytes that are not
 * such a document give one fatal finding. Nothing throws.
 */
import type { Finding } from '../finding.ts';
import {
  anomalyOf, DOMAINE_ACK, ETAT_PCE, NumAnoAck, type Acquit, type AcquitFormat, type Anomaly, type BordereauRetour, type DetailPiece,
  type ElementACQUIT, type ElementACQUIT_RETOUR, type EnTetePES, type Enveloppe, type LigneDePieceRetour, type PesRetour,
} from './model.ts';
import { XmlReadError, type XmlElement } from './scan.ts';
import { childNamed, childrenNamed, readXml, Reading, type XmlDocument } from './xml.ts';

const NAMESPACE = {
  v2: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2',
  /** PES_ACQUIT v1 and PES_Retour. */
  retour: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour',
  legacy: 'http://www.minefi.gouv.fr/cp/helios/pes',
  acquitRetour: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller/ack',
} as const;

const fatal = (rule: string, message: string): Finding => ({ rule, severity: 'fatal', message });

interface Read<T> {
  value: T | undefined;
  findings: Finding[];
}

/** Runs a read; anything thrown (unreadable bytes, or a bug on strange input) becomes one fatal finding. */
function guarded<T>(bytes: Uint8Array, prefix: string, read: (doc: XmlDocument) => Read<T>): Read<T> {
  try {
    return read(readXml(bytes));
  } catch (err) {
    const reason = err instanceof XmlReadError ? err.message : `unexpected ${err instanceof Error ? err.name : 'error'}: ${String(err)}`;
    return { value: undefined, findings: [fatal(`${prefix}-UNREADABLE`, reason)] };
  }
}

function enveloppe(r: Reading, root: XmlElement, emetteurRequired: boolean): Enveloppe {
  const env = childNamed(root, 'Enveloppe');
  if (!env) r.warn('NO-ENVELOPPE', 'Enveloppe', 'no Enveloppe: the file answered cannot be named');
  const params = childNamed(env, 'Parametres');
  const carte = (name: string) => {
    const e = childNamed(env, name);
    return e && { Sigle: r.value(e, 'Sigle', `Enveloppe/${name}`), Adresse: r.value(e, 'Adresse', `Enveloppe/${name}`) };
  };
  const out: Enveloppe = {
    Parametres: {
      Version: r.value(params, 'Version', 'Enveloppe/Parametres'),
      TypFic: r.value(params, 'TypFic', 'Enveloppe/Parametres'),
      NomFic: r.value(params, 'NomFic', 'Enveloppe/Parametres'),
    },
    Emetteur: carte('Emetteur'),
    Recepteur: carte('Recepteur'),
  };
  if (env && !out.Emetteur && emetteurRequired) r.warn('NO-EMETTEUR', 'Enveloppe', 'Enveloppe/Emetteur is missing (the 5.17 schema requires it)');
  const version = out.Parametres.Version;
  if (version !== undefined && version !== '1' && version !== '2') r.warn('VERSION', 'Enveloppe/Parametres/Version', `Version ${version}, 1 or 2 expected`);
  return out;
}

/** EnTetePES with CodCol, whichever of CodCol / CodColl the file uses (`expected` is the schema's spelling). */
function enTete(r: Reading, head: XmlElement, expected: 'CodCol' | 'CodColl'): EnTetePES {
  const at = 'EnTetePES';
  const other = expected === 'CodCol' ? 'CodColl' : 'CodCol';
  let codCol = r.value(head, expected, at);
  if (codCol === undefined) {
    codCol = r.value(head, other, at);
    if (codCol !== undefined) r.warn(other.toUpperCase(), `${at}/${other}`, `the collectivité code is spelled ${other}, the schema says ${expected}`);
  }
  if (codCol === '000') r.warn('CODCOL-000', `${at}/${expected}`, 'CodCol 000 is not a collectivité code (test data): matching on it will fail');
  return {
    DteStr: r.value(head, 'DteStr', at),
    IdPost: r.value(head, 'IdPost', at),
    LibellePoste: r.value(head, 'LibellePoste', at),
    IdColl: r.value(head, 'IdColl', at),
    FinJur: r.value(head, 'FinJur', at),
    CodCol: codCol,
    CodBud: r.value(head, 'CodBud', at),
    LibelleColBud: r.value(head, 'LibelleColBud', at),
  };
}

function namespaceCheck(r: Reading, doc: XmlDocument, expected: readonly string[]): void {
  const ns = doc.namespace;
  if (ns !== undefined && expected.includes(ns)) return;
  const why = ns === undefined ? 'no namespace' : ns.includes('/cp/heliso/') ? `namespace ${ns} (typo "heliso" for "helios")` : `namespace ${ns}`;
  r.warn('NAMESPACE', doc.root.name, `${why}; expected ${expected.join(' or ')}`);
}

function encodingCheck(r: Reading, doc: XmlDocument): void {
  if (doc.encoding !== 'ISO-8859-1') r.warn('ENCODING', doc.root.name, `encoded ${doc.encoding}; the treasury's files are ISO-8859-1`);
}

// ---------------------------------------------------------------- acknowledgments

function anomalies(r: Reading, parent: XmlElement, path: string): Anomaly[] {
  return childrenNamed(parent, 'Erreur').map((e, i) => anomaly(r, e, `${path}/Erreur[${i + 1}]`));
}

function anomaly(r: Reading, parent: XmlElement, path: string): Anomaly {
  const code = r.value(parent, 'NumAnoAck', path);
  if (code !== undefined && !NumAnoAck.safeParse(code).success) r.warn('NUMANOACK', `${path}/NumAnoAck`, `NumAnoAck ${code} is not in the schema's list`);
  return anomalyOf(code, r.value(parent, 'LibelleAnoAck', path));
}

function etatAck(r: Reading, raw: string | undefined, path: string): boolean {
  const v = raw?.trim();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  r.warn('ETATACK', `${path}/EtatAck`, `EtatAck ${raw === undefined ? 'missing' : `"${raw}"`}: the element is taken as rejected`);
  return false;
}

/**
 * One ElementACQUIT, whatever its shape: v2 nests Erreur and DetailPiece; v1 writes NumPiece,
 * NumLigne, NumAnoAck and LibelleAnoAck flat on the element, which becomes the same tree.
 */
function element(r: Reading, e: XmlElement, path: string, format: AcquitFormat): ElementACQUIT {
  const domaine = r.value(e, 'DomaineAck', path);
  if (domaine === undefined) r.warn('DOMAINEACK', path, 'no DomaineAck: what the element is about is inferred from its identifiers');
  else if (DOMAINE_ACK[domaine] === undefined) r.warn('DOMAINEACK', `${path}/DomaineAck`, `unknown DomaineAck ${domaine}`);
  const pieces: DetailPiece[] = childrenNamed(e, 'DetailPiece').map((p, i) => {
    const at = `${path}/DetailPiece[${i + 1}]`;
    return {
      NumPiece: r.value(p, 'NumPiece', at) ?? '',
      Erreur: anomalies(r, p, at),
      DetailLigne: childrenNamed(p, 'DetailLigne').map((l, j) => ({ NumLigne: r.value(l, 'NumLigne', `${at}/DetailLigne[${j + 1}]`) ?? '', Erreur: anomalies(r, l, `${at}/DetailLigne[${j + 1}]`) })),
    };
  });
  const errors = anomalies(r, e, path);
  const numPiece = r.value(e, 'NumPiece', path);
  const numLigne = r.value(e, 'NumLigne', path);
  const flat = childNamed(e, 'NumAnoAck') || childNamed(e, 'LibelleAnoAck') ? [anomaly(r, e, path)] : [];
  if (format === 'v2' && (numPiece !== undefined || numLigne !== undefined || flat.length > 0)) {
    r.warn('SHAPE', path, 'v1 fields (NumPiece, NumLigne, NumAnoAck or LibelleAnoAck directly on ElementACQUIT) in a v2 acknowledgment: read as v1');
  }
  if (numPiece !== undefined) {
    pieces.push({ NumPiece: numPiece, Erreur: numLigne === undefined ? flat : [], DetailLigne: numLigne === undefined ? [] : [{ NumLigne: numLigne, Erreur: flat }] });
  } else {
    if (numLigne !== undefined) r.warn('SHAPE', `${path}/NumLigne`, 'NumLigne without NumPiece: its anomaly is kept on the element');
    errors.push(...flat);
  }
  return {
    DomaineAck: domaine === undefined ? undefined : { code: domaine, meaning: DOMAINE_ACK[domaine] },
    EtatAck: etatAck(r, r.value(e, 'EtatAck', path), path),
    NumBord: r.value(e, 'NumBord', path),
    ExerciceBord: r.value(e, 'ExerciceBord', path),
    IdMarche: r.value(e, 'IdMarche', path),
    IdUnique: r.value(e, 'IdUnique', path),
    Erreur: errors,
    DetailPiece: pieces,
  };
}

/** PES_Acquit / PES_NonAcquit state one verdict on the whole file; it becomes a DomaineAck 0 element. */
function legacyVerdict(r: Reading, root: XmlElement, env: Enveloppe): ElementACQUIT[] {
  const refused = root.name === 'PES_NonAcquit';
  const bodyName = refused ? 'NonAcquit' : 'Acquit';
  const body = childNamed(root, bodyName);
  const nomFic = r.value(body, 'NomFic', bodyName);
  if (nomFic !== undefined && env.Parametres.NomFic === undefined) env.Parametres.NomFic = nomFic;
  else if (nomFic !== undefined && nomFic !== env.Parametres.NomFic) {
    r.warn('NOMFIC', `${bodyName}/NomFic`, `${bodyName} names ${nomFic}, the Enveloppe ${env.Parametres.NomFic}: matched on the Enveloppe's`);
  }
  const motif = r.value(body, 'Motif', bodyName);
  return [{ DomaineAck: { code: '0', meaning: DOMAINE_ACK['0'] }, EtatAck: !refused, Erreur: motif === undefined ? [] : [anomalyOf(undefined, motif)], DetailPiece: [] }];
}

const ACQUIT_ROOTS: Readonly<Record<string, { format: (doc: XmlDocument) => AcquitFormat; namespaces: readonly string[] }>> = {
  PES_ACQUIT: { format: (doc) => (doc.namespace === NAMESPACE.retour ? 'v1' : 'v2'), namespaces: [NAMESPACE.v2, NAMESPACE.retour] },
  PES_Acquit: { format: () => 'legacy', namespaces: [NAMESPACE.legacy] },
  PES_NonAcquit: { format: () => 'legacy', namespaces: [NAMESPACE.legacy] },
  PES_ACQUIT_RETOUR: { format: () => 'acquit-retour', namespaces: [NAMESPACE.acquitRetour] },
};

function acquitOf(doc: XmlDocument): Read<Acquit> {
  const root = doc.root;
  const kind = ACQUIT_ROOTS[root.name];
  if (!kind) return { value: undefined, findings: [fatal('ACK-NOT-ACQUIT', `root ${root.name} is not an acknowledgment (${Object.keys(ACQUIT_ROOTS).join(', ')})`)] };
  const r = new Reading('ACK');
  const format = kind.format(doc);
  namespaceCheck(r, doc, kind.namespaces);
  encodingCheck(r, doc);
  if (format === 'legacy') r.warn('LEGACY', root.name, `legacy ${root.name}: one verdict on the whole file`);
  const env = enveloppe(r, root, true);
  const head = childNamed(root, 'EnTetePES');
  if (!head) r.warn('NO-ENTETE', 'EnTetePES', 'no EnTetePES: the file answered can be matched on NomFic only');
  const enTetePES = head && enTete(r, head, 'CodCol');
  const acquit = childNamed(root, 'ACQUIT');
  const elements = childrenNamed(acquit, 'ElementACQUIT').map((e, i) => element(r, e, `ACQUIT/ElementACQUIT[${i + 1}]`, format));
  const ack: Acquit = {
    format,
    root: root.name,
    namespace: doc.namespace,
    Enveloppe: env,
    EnTetePES: enTetePES,
    IdVer: r.value(childNamed(acquit, 'EnTeteAcquit'), 'IdVer', 'ACQUIT/EnTeteAcquit'),
    ElementACQUIT: format === 'legacy' && elements.length === 0 ? legacyVerdict(r, root, env) : elements,
  };
  if (format === 'acquit-retour') {
    const body = childNamed(root, 'ACQUIT_RETOUR');
    ack.IdVer = r.value(childNamed(body, 'EnTeteAcquit_Retour'), 'IdVer', 'ACQUIT_RETOUR/EnTeteAcquit_Retour');
    ack.ElementACQUIT_RETOUR = childrenNamed(body, 'ElementACQUIT_RETOUR').map((e, i): ElementACQUIT_RETOUR => {
      const at = `ACQUIT_RETOUR/ElementACQUIT_RETOUR[${i + 1}]`;
      return {
        DomaineAckRetour: r.value(e, 'DomaineAckRetour', at),
        NomFichierRetour: r.value(e, 'NomFichierRetour', at),
        TypRestit: r.value(e, 'TypRestit', at),
        DateAcquit: r.value(e, 'DateAcquit', at),
      };
    });
    if (ack.ElementACQUIT_RETOUR.length === 0) r.warn('EMPTY', 'ACQUIT_RETOUR', 'no ElementACQUIT_RETOUR: nothing is acknowledged');
  } else if (ack.ElementACQUIT.length === 0) {
    r.warn('EMPTY', 'ACQUIT', 'no ElementACQUIT: nothing is acknowledged');
  }
  if (ack.Enveloppe.Parametres.NomFic === undefined) r.warn('NO-NOMFIC', 'Enveloppe/Parametres', 'no NomFic: the acknowledgment cannot be matched to the file sent');
  return { value: ack, findings: r.findings };
}

/** An acknowledgment of any form, and what deviates in it. `ack` is undefined only with a fatal finding. */
export function readAcquit(bytes: Uint8Array): { ack: Acquit | undefined; findings: Finding[] } {
  const { value, findings } = guarded(bytes, 'ACK', acquitOf);
  return { ack: value, findings };
}

// ---------------------------------------------------------------- PES_Retour

/** Base_Montant: a decimal with a dot, at most 2 decimals. */
const AMOUNT = /^\d+(\.\d{1,2})?$/;

function ligne(r: Reading, l: XmlElement, path: string): LigneDePieceRetour {
  const info = childNamed(childNamed(l, 'BlocLignePiece'), 'InfoLignePiece');
  const at = `${path}/BlocLignePiece/InfoLignePiece`;
  return {
    IdLigne: r.value(info, 'IdLigne', at),
    EtatLigPce: r.value(info, 'EtatLigPce', at),
    ObsEtat: r.value(info, 'ObsEtat', at),
    Commentaire: r.value(info, 'Commentaire', at),
    MtHT: r.value(info, 'MtHT', at),
    MtTVA: r.value(info, 'MtTVA', at),
    PaiementEmargement: childrenNamed(l, 'PaiementEmargement').map((p, i) => {
      const pat = `${path}/PaiementEmargement[${i + 1}]`;
      const mtPay = r.value(p, 'MtPay', pat)?.trim();
      if (mtPay !== undefined && !AMOUNT.test(mtPay)) r.warn('MTPAY', `${pat}/MtPay`, `MtPay "${mtPay}" is not an amount: left out of the sums`);
      return { OrgEma: r.value(p, 'OrgEma', pat), DtePay: r.value(p, 'DtePay', pat), MtPay: mtPay !== undefined && AMOUNT.test(mtPay) ? mtPay : undefined };
    }),
  };
}

function bordereau(r: Reading, b: XmlElement, path: string): BordereauRetour {
  const bloc = childNamed(b, 'BlocBordereau');
  return {
    BlocBordereau: {
      Exer: r.value(bloc, 'Exer', `${path}/BlocBordereau`),
      IdBord: r.value(bloc, 'IdBord', `${path}/BlocBordereau`),
      TypBord: r.value(bloc, 'TypBord', `${path}/BlocBordereau`),
    },
    Piece: childrenNamed(b, 'Piece').map((p, i) => {
      const at = `${path}/Piece[${i + 1}]`;
      const info = childNamed(p, 'InfoPiece');
      const field = (name: string) => r.value(info, name, `${at}/InfoPiece`);
      const piece = {
        InfoPiece: {
          CodServ: field('CodServ'), IdPce: field('IdPce'), TypPce: field('TypPce'), NatPce: field('NatPce'), Obj: field('Obj'),
          DtePcePec: field('DtePcePec'), EtatPce: field('EtatPce'), ObsEtat: field('ObsEtat'), Commentaire: field('Commentaire'),
          DtePceRej: field('DtePceRej'), DtePceInst: field('DtePceInst'),
        },
        LigneDePiece: childrenNamed(p, 'LigneDePiece').map((l, j) => ligne(r, l, `${at}/LigneDePiece[${j + 1}]`)),
      };
      if (piece.InfoPiece.IdPce === undefined) r.warn('NO-IDPCE', `${at}/InfoPiece`, 'no IdPce: the pièce cannot be matched');
      const etat = piece.InfoPiece.EtatPce;
      if (etat === undefined || ETAT_PCE[etat] === undefined) r.warn('ETATPCE', `${at}/InfoPiece/EtatPce`, `EtatPce ${etat ?? 'missing'}: the comptable's decision is unknown`);
      return piece;
    }),
  };
}

function retourOf(doc: XmlDocument): Read<PesRetour> {
  const root = doc.root;
  if (root.name !== 'PES_Retour') return { value: undefined, findings: [fatal('RETOUR-NOT-RETOUR', `root ${root.name} is not PES_Retour`)] };
  const r = new Reading('RETOUR');
  namespaceCheck(r, doc, [NAMESPACE.retour]);
  encodingCheck(r, doc);
  const head = childNamed(root, 'EnTetePES');
  if (!head) r.warn('NO-ENTETE', 'EnTetePES', 'no EnTetePES: the collectivité is unknown');
  for (const other of ['PES_RecetteRetour', 'PES_ClientRetour']) {
    if (childNamed(root, other)) r.warn('NOT-READ', other, `${other} is not read (dépense only)`);
  }
  const dep = childNamed(root, 'PES_DepenseRetour');
  if (!dep) r.warn('NO-DEPENSE', 'PES_DepenseRetour', 'no PES_DepenseRetour: no pièce is reported');
  const enTeteDepense = childNamed(dep, 'EnTeteDepense');
  const typRestit = r.value(enTeteDepense, 'TypRestit', 'PES_DepenseRetour/EnTeteDepense');
  if (dep && typRestit !== '01' && typRestit !== '02') {
    r.warn('TYPRESTIT', 'PES_DepenseRetour/EnTeteDepense/TypRestit', `TypRestit ${typRestit ?? 'missing'}, documented 01 (rejets) or 02 (périodique)`);
  }
  const retour: PesRetour = {
    namespace: doc.namespace,
    Enveloppe: enveloppe(r, root, false),
    EnTetePES: head ? enTete(r, head, 'CodColl') : {},
    PES_DepenseRetour: dep && {
      EnTeteDepense: {
        TypRestit: typRestit,
        IdVer: r.value(enTeteDepense, 'IdVer', 'PES_DepenseRetour/EnTeteDepense'),
        NatInf: r.value(enTeteDepense, 'NatInf', 'PES_DepenseRetour/EnTeteDepense'),
      },
      Bordereau: childrenNamed(dep, 'Bordereau').map((b, i) => bordereau(r, b, `PES_DepenseRetour/Bordereau[${i + 1}]`)),
    },
  };
  return { value: retour, findings: r.findings };
}

/** A PES_Retour (dépense), and what deviates in it. `retour` is undefined only with a fatal finding. */
export function readRetour(bytes: Uint8Array): { retour: PesRetour | undefined; findings: Finding[] } {
  const { value, findings } = guarded(bytes, 'RETOUR', retourOf);
  return { retour: value, findings };
}
