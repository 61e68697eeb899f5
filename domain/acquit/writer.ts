/**
 * Writes a PES_ACQUIT v2, as Hélios answers a PES_Aller (for the treasury simulator): valid
 * against PES_V2_Acquit_Autonome_V2.xsd, ISO-8859-1, root `n:PES_ACQUIT`, children
 * unqualified, values in `V`, elements in XSD order. The input says what to accept or reject
 * (the whole file, each bordereau with its pièces and lines, each PJ) in the shape outcomeOf
 * reads back. Values are checked against the DGFiP simple types first, so what is written is
 * schema-valid or nothing is (AcquitWriteError). Text outside Latin-1 is transliterated
 * (`€` → `EUR`); only Latin-1 text reads back unchanged.
 */
import iconv from 'iconv-lite';
import { z } from 'zod';
import { toLatin1 } from '../pes/charset.ts';
import { alphanum, annee, codeBud, codeCol, date, idPost, num, numLight, texte, type SimpleType } from '../pes/simple-types.ts';
import { NumAnoAck } from './model.ts';
import { BordereauDomaine } from './outcome.ts';

/** A string that the DGFiP simple type accepts once transliterated to Latin-1. */
const typed = (t: SimpleType) =>
  z.string().check((ctx) => {
    const { value, refused } = toLatin1(ctx.value);
    const problem = refused.length > 0 ? `characters ${refused.join(' ')} cannot be written in ISO-8859-1` : t.problem(value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${t.name}: ${problem}` });
  });

/** Base_Texte500_Light: any Latin-1 text up to 500 characters, empty allowed. */
const libelle = z.string().check((ctx) => {
  const { value, refused } = toLatin1(ctx.value);
  if (refused.length > 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: `characters ${refused.join(' ')} cannot be written in ISO-8859-1` });
  else if ([...value].length > 500) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'LibelleAnoAck: at most 500 characters' });
});

export const AnomalyInput = z.object({ code: NumAnoAck.optional(), libelle: libelle.optional() });
export type AnomalyInput = z.infer<typeof AnomalyInput>;

const anomalies = z.array(AnomalyInput).default([]);

export const AcquitInput = z.object({
  /** The PES_Aller answered, echoed in Enveloppe and EnTetePES. */
  file: z.object({
    nomFic: typed(texte(100)),
    typFic: typed(texte(32)).default('PESALR2'),
    idPost: typed(idPost),
    idColl: typed(numLight(14)),
    codCol: typed(codeCol),
    codBud: typed(codeBud),
    libelleColBud: typed(texte(38)).optional(),
  }),
  /** DteStr, YYYY-MM-DD. */
  date: typed(date),
  emetteur: z.object({ sigle: typed(texte(32)), adresse: typed(texte(38)) }).default({ sigle: 'HELIOS', adresse: 'DGFIP' }),
  /** Rejects the whole file (DomaineAck 0), e.g. ERREUR_SCHEMA_INCOMPLET, ERREUR_ENCODING. */
  fileRejected: z.array(AnomalyInput).optional(),
  bordereaux: z
    .array(
      z.object({
        domaine: BordereauDomaine.default('depense'),
        exer: typed(annee),
        idBord: typed(num(7)),
        accepted: z.boolean(),
        anomalies,
        pieces: z
          .array(z.object({ idPce: typed(num(13)), anomalies, lines: z.array(z.object({ idLigne: typed(num(13)), anomalies })).default([]) }))
          .default([]),
      }),
    )
    .default([]),
  pjs: z.array(z.object({ idUnique: typed(alphanum(50)), accepted: z.boolean(), anomalies })).default([]),
});
/** What the caller gives (defaults may be left out). */
export type AcquitInput = z.input<typeof AcquitInput>;

export class AcquitWriteError extends Error {
  readonly code = 'ACQUIT_INPUT_INVALID';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`cannot write this acknowledgment: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** Escapes for a double-quoted attribute; tab and line breaks as references so they survive attribute normalisation. */
const escape = (s: string): string =>
  s.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
const el = (name: string, value: string): string => `<${name} V="${escape(toLatin1(value).value)}"/>`;
const opt = (name: string, value: string | undefined): string => (value === undefined ? '' : el(name, value));

const erreurs = (list: readonly AnomalyInput[]): string => list.map((a) => `<Erreur>${opt('NumAnoAck', a.code)}${opt('LibelleAnoAck', a.libelle)}</Erreur>`).join('');

const DOMAINE_CODE: Readonly<Record<BordereauDomaine, string>> = { depense: '5', recette: '6' };

export function writeAcquit(input: AcquitInput): Uint8Array {
  const parsed = AcquitInput.safeParse(input);
  if (!parsed.success) throw new AcquitWriteError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const x = parsed.data;
  const element = (domaine: string, accepted: boolean, ids: string, content: string) =>
    `<ElementACQUIT>${el('DomaineAck', domaine)}${el('EtatAck', accepted ? '1' : '0')}${ids}${content}</ElementACQUIT>`;
  const elements = [
    ...(x.fileRejected ? [element('0', false, '', erreurs(x.fileRejected))] : []),
    ...x.bordereaux.map((b) => {
      const pieces = b.pieces.map(
        (p) => `<DetailPiece>${el('NumPiece', p.idPce)}${erreurs(p.anomalies)}${p.lines.map((l) => `<DetailLigne>${el('NumLigne', l.idLigne)}${erreurs(l.anomalies)}</DetailLigne>`).join('')}</DetailPiece>`,
      );
      return element(DOMAINE_CODE[b.domaine], b.accepted, el('NumBord', b.idBord) + el('ExerciceBord', b.exer), erreurs(b.anomalies) + pieces.join(''));
    }),
    ...x.pjs.map((p) => element('4', p.accepted, el('IdUnique', p.idUnique), erreurs(p.anomalies))),
  ];
  // The schema wants at least one ElementACQUIT: an acknowledgment with nothing to say accepts the file.
  if (elements.length === 0) elements.push(element('0', true, '', ''));
  const f = x.file;
  const xml =
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n' +
    '<n:PES_ACQUIT xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2">' +
    `<Enveloppe><Parametres>${el('Version', '2')}${el('TypFic', f.typFic)}${el('NomFic', f.nomFic)}</Parametres>` +
    `<Emetteur>${el('Sigle', x.emetteur.sigle)}${el('Adresse', x.emetteur.adresse)}</Emetteur></Enveloppe>` +
    `<EnTetePES>${el('DteStr', x.date)}${el('IdPost', f.idPost)}${el('IdColl', f.idColl)}${el('CodCol', f.codCol)}${el('CodBud', f.codBud)}${opt('LibelleColBud', f.libelleColBud)}</EnTetePES>` +
    `<ACQUIT><EnTeteAcquit>${el('IdVer', '2')}</EnTeteAcquit>${elements.join('')}</ACQUIT>` +
    '</n:PES_ACQUIT>\n';
  return iconv.encode(xml, 'latin1');
}
