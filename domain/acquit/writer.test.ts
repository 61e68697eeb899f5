import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { alphanum, texte } from '../pes/simple-types.ts';
import { anomalyOf, NumAnoAck } from './model.ts';
import { outcomeOf, type AckOutcome } from './outcome.ts';
import { readAcquit } from './reader.ts';
import { AcquitWriteError, writeAcquit, type AcquitInput, type AnomalyInput } from './writer.ts';

const xsd = openSchemaCatalog(SCHEMA_DIR).validator('pes-acquit');
const file = { nomFic: 'PESALR2_21690123100011_261123_001', idPost: '069018', idColl: '21690123100011', codCol: '123', codBud: '01' };

/** What reading the written acknowledgment must give back: the input's outcome, business codes parsed. */
function expectedOutcome(x: AcquitInput): AckOutcome {
  const anomalies = (list: AnomalyInput[] = []) => list.map((a) => anomalyOf(a.code, a.libelle));
  return {
    file: { nomFic: x.file.nomFic, codCol: x.file.codCol },
    ...(x.fileRejected ? { fileRejected: anomalies(x.fileRejected) } : {}),
    bordereaux: (x.bordereaux ?? []).map((b) => ({
      domaine: b.domaine ?? 'depense',
      exer: b.exer,
      idBord: b.idBord,
      accepted: b.accepted,
      anomalies: anomalies(b.anomalies),
      pieces: (b.pieces ?? []).map((p) => ({ idPce: p.idPce, anomalies: anomalies(p.anomalies), lines: (p.lines ?? []).map((l) => ({ idLigne: l.idLigne, anomalies: anomalies(l.anomalies) })) })),
    })),
    pjs: (x.pjs ?? []).map((p) => ({ idUnique: p.idUnique, accepted: p.accepted, anomalies: anomalies(p.anomalies) })),
    others: [],
  };
}

function roundTrip(x: AcquitInput): void {
  const bytes = writeAcquit(x);
  expect(xsd.validate(bytes)).toEqual([]);
  const { ack, findings } = readAcquit(bytes);
  expect(findings).toEqual([]);
  expect(outcomeOf(ack!)).toEqual(expectedOutcome(x));
}

describe('writeAcquit', () => {
  it('writes a mixed verdict the official schema accepts: bordereau rejected on pièce and line, another accepted, PJs', () => {
    const x: AcquitInput = {
      file,
      date: '2026-11-23',
      bordereaux: [
        {
          exer: '2026',
          idBord: '7',
          accepted: false,
          anomalies: [{ code: 'ERREUR_CUMUL_MONTANTS', libelle: 'MtBordHT 100.00 différent de la somme des lignes 90.00' }],
          pieces: [{ idPce: '12', anomalies: [], lines: [{ idLigne: '1', anomalies: [{ code: 'ERREUR_AUTRE', libelle: '1971 - Compte fonction présent à tort' }] }] }],
        },
        { exer: '2026', idBord: '8', accepted: true },
        { domaine: 'recette', exer: '2026', idBord: '8', accepted: false, anomalies: [{ code: 'ERREUR_DOUBLON_BORDEREAU' }] },
      ],
      pjs: [
        { idUnique: '21690123100011ABC', accepted: true },
        { idUnique: '21690123100011ABD', accepted: false, anomalies: [{ code: 'ERREUR_DOUBLON_PJ', libelle: "1984 - L'identifiant unique de la PJ a déjà été intégré dans HELIOS" }] },
      ],
    };
    roundTrip(x);
    const text = iconv.decode(Buffer.from(writeAcquit(x)), 'latin1');
    expect(text.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n<n:PES_ACQUIT xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2">')).toBe(true);
    expect(text.match(/<\/?([\w.-]+:)?\w+/g)!.filter((t) => t.includes(':') && !t.includes('PES_ACQUIT'))).toEqual([]); // children unqualified
    expect(text).toContain('<ElementACQUIT><DomaineAck V="5"/><EtatAck V="0"/><NumBord V="7"/><ExerciceBord V="2026"/><Erreur><NumAnoAck V="ERREUR_CUMUL_MONTANTS"/>');
    expect(Buffer.from(writeAcquit(x)).includes(Buffer.from('diff\xe9rent', 'latin1'))).toBe(true); // é as one Latin-1 byte
  });

  it('writes a whole-file rejection as DomaineAck 0, and an acknowledgment with nothing to say as the file accepted', () => {
    roundTrip({ file, date: '2026-11-23', fileRejected: [{ code: 'ERREUR_SCHEMA_INCOMPLET', libelle: 'ligne 3 : NomPJ sans extension' }] });
    roundTrip({ file, date: '2026-11-23', fileRejected: [{ code: 'ERREUR_ENCODING' }, {}] });
    roundTrip({ file, date: '2026-11-23' });
    expect(iconv.decode(Buffer.from(writeAcquit({ file, date: '2026-11-23' })), 'latin1')).toContain('<ElementACQUIT><DomaineAck V="0"/><EtatAck V="1"/></ElementACQUIT>');
  });

  it('keeps line breaks, quotes and markup characters of a libellé; transliterates what Latin-1 lacks', () => {
    roundTrip({ file, date: '2026-11-23', pjs: [{ idUnique: 'A1', accepted: false, anomalies: [{ code: 'ERREUR_PJ', libelle: 'a "b" <c> & d\r\n\te' }] }] });
    const bytes = writeAcquit({ file, date: '2026-11-23', fileRejected: [{ code: 'ERREUR_AUTRE', libelle: 'Montant 12 € – “œuvre”' }] });
    expect(xsd.validate(bytes)).toEqual([]);
    expect(outcomeOf(readAcquit(bytes).ack!).fileRejected).toEqual([{ code: 'ERREUR_AUTRE', libelle: 'Montant 12 EUR - "oeuvre"' }]);
  });

  it('refuses input the schema would refuse, with a code and every problem', () => {
    const bad = { file: { ...file, codCol: '000', idPost: '000000' }, date: '2026-02-30', pjs: [{ idUnique: 'PJ-1', accepted: true }], fileRejected: [{ libelle: 'x'.repeat(501) }] };
    let error: unknown;
    try {
      writeAcquit(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AcquitWriteError);
    expect((error as AcquitWriteError).code).toBe('ACQUIT_INPUT_INVALID');
    expect((error as AcquitWriteError).issues.map((i) => i.path)).toEqual(['file.idPost', 'file.codCol', 'date', 'fileRejected.0.libelle', 'pjs.0.idUnique']);
    expect(() => writeAcquit({ file, date: '2026-11-23', fileRejected: [{ libelle: '€'.repeat(200) }] })).toThrow(/at most 500/);
    expect(() => writeAcquit({ file, date: '2026-11-23', fileRejected: [{ libelle: 'emoji \u{1F600}' }] })).toThrow(/U\+1F600/);
  });

  it('property: any valid input is schema-valid and reads back to its own outcome', () => {
    // Latin-1 characters the writer keeps as they are (no transliteration).
    const chars = [...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)), ...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0xa1 + i))];
    const text = (max: number, extra: string[] = []) => fc.string({ unit: fc.constantFrom(...chars, ...extra), maxLength: max });
    const ofType = (t: { problem(v: string): string | undefined }, max: number) => text(max).filter((v) => t.problem(v) === undefined);
    const digits = (max: number) => fc.integer({ min: 1, max }).map(String);
    const anomaly: fc.Arbitrary<AnomalyInput> = fc.record(
      { code: fc.constantFrom(...NumAnoAck.options), libelle: fc.oneof(text(80, ['\t', '\n', '\r']), fc.tuple(digits(99999), text(40)).map(([n, t]) => `${n} - ${t}`)) },
      { requiredKeys: [] },
    );
    const anomalies = fc.array(anomaly, { maxLength: 2 });
    const input: fc.Arbitrary<AcquitInput> = fc.record({
      file: fc.record({ nomFic: ofType(texte(100), 100), idPost: fc.constantFrom('069018', '02A1234', '1234567'), idColl: fc.stringMatching(/^\d{0,14}$/), codCol: fc.constantFrom('001', '123', '999'), codBud: fc.stringMatching(/^[0-9A-Z]\d$/) }),
      date: fc.constantFrom('2026-11-23', '2024-02-29'),
      fileRejected: fc.option(anomalies, { nil: undefined }),
      bordereaux: fc.uniqueArray(
        fc.record({
          domaine: fc.constantFrom('depense' as const, 'recette' as const),
          exer: fc.integer({ min: 1000, max: 2999 }).map(String),
          idBord: digits(9_999_999),
          accepted: fc.boolean(),
          anomalies,
          pieces: fc.array(fc.record({ idPce: digits(99_999_999), anomalies, lines: fc.array(fc.record({ idLigne: digits(999_999), anomalies }), { maxLength: 2 }) }), { maxLength: 2 }),
        }),
        { selector: (b) => `${b.domaine}/${b.exer}/${b.idBord}`, maxLength: 3 },
      ),
      pjs: fc.array(fc.record({ idUnique: ofType(alphanum(50), 50), accepted: fc.boolean(), anomalies }), { maxLength: 3 }),
    });
    fc.assert(fc.property(input, roundTrip), { numRuns: 200 });
  });
});
