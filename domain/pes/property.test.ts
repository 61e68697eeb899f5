/**
 * Property-based: many generated PES models, valid by construction (edge lengths, accents and
 * markup characters, amounts from 0.01 to 999999999999.99, with and without TVA, every payment
 * mode with the bank account it needs, several bordereaux, many pièces and lines, PJs), must
 * all be written, accepted by the official PES_Aller.xsd, and read back equal; and text
 * from all of Unicode is either written (stably) or refused with a finding, never garbled.
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { ibanProblem, ribProblem, sirenProblem, siretProblem } from './identifiers.ts';
import type { Bordereau, CpteBancaire, LigneDePiece, PesAller, Piece, PJ, Tiers } from './model.ts';
import { buildPj } from './pj.ts';
import { readPesAller } from './reader.ts';
import { alphanum, texte, type SimpleType } from './simple-types.ts';
import { PesWriteError, writePesAller } from './writer.ts';

const xsd = openSchemaCatalog(SCHEMA_DIR).validator('pes-aller');

type Gen = fc.GeneratorValue;

const TEXT_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789  &<>"\'-./,;:()éèêëàâçùûüôöîïÉÈÀÇÔÖÜßæøåÆØÅ«»°²\t'];
const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const DIGITS = [...'0123456789'];

/*
 * fc.gen() caches each arbitrary by the function that builds it and its arguments, for as long
 * as the property runs: the builders are module-level functions of plain values, so that the
 * cache holds one arbitrary per type and length instead of one per draw (2 MB per run).
 */
/** Values of PES type `kind` of at most `max` characters, often exactly `max`. */
const stringsOf = (kind: 'texte' | 'alphanum', max: number) => {
  const [type, chars]: [SimpleType, string[]] = kind === 'texte' ? [texte(max), TEXT_CHARS] : [alphanum(max), ALNUM];
  const unit = fc.constantFrom(...chars);
  return fc.oneof(fc.string({ unit, minLength: 1, maxLength: max }), fc.string({ unit, minLength: max, maxLength: max })).filter((v) => type.problem(v) === undefined);
};
const oneOf = <T,>(values: readonly T[]) => fc.constantFrom(...values);
const txt = (g: Gen, max: number) => g(stringsOf, 'texte', max);
const alnum = (g: Gen, max: number) => g(stringsOf, 'alphanum', max);
const pick = <T,>(g: Gen, values: readonly T[]): T => g(oneOf<T>, values);
const digits = (g: Gen, length: number) => Array.from({ length }, () => pick(g, DIGITS)).join('');
const positive = (g: Gen, maxDigits: number) => String(g(fc.integer, { min: 1, max: 10 ** maxDigits - 1 }));
const date = (g: Gen) => g(fc.date, { min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).toISOString().slice(0, 10);
/** The first completion of `prefix` by `width` digits that `valid` accepts. */
const withKey = (prefix: string, width: number, valid: (v: string) => boolean): string => {
  for (let k = 0; k < 10 ** width; k++) {
    const v = `${prefix}${String(k).padStart(width, '0')}`;
    if (valid(v)) return v;
  }
  throw new Error(`no key for ${prefix}`);
};
/** A valid SIRET: a SIREN with its Luhn key, then a NIC whose key makes the whole SIRET valid. */
const siret = (g: Gen) => withKey(withKey(digits(g, 8), 1, (v) => sirenProblem(v) === undefined) + digits(g, 4), 1, (v) => siretProblem(v) === undefined);

const MAX_CENTS = 99999999999999n; // 999999999999.99
const EDGE_CENTS = [1n, 99n, 100n, 12345n, MAX_CENTS];
/** An amount in cents, edges often. */
const cents = (g: Gen): bigint => (g(fc.boolean) ? pick(g, EDGE_CENTS) : BigInt(g(fc.integer, { min: 0, max: 2_000_000_00 })));
/** Cents as a Montant: two decimals, or fewer when they are zeros (as real files write them). */
const amount = (c: bigint, g: Gen): string => {
  const fixed = new Decimal(c.toString()).dividedBy(100).toFixed(2);
  return g(fc.boolean) ? fixed : new Decimal(fixed).toString();
};

function account(g: Gen): CpteBancaire {
  const common = { ...(g(fc.boolean) ? { LibBanc: txt(g, 24) } : {}), TitCpte: txt(g, 32), ...(g(fc.boolean) ? { DteBanc: date(g) } : {}) };
  if (g(fc.boolean)) {
    const [etab, guic, cpte] = [digits(g, 5), digits(g, 5), digits(g, 11)];
    const cle = withKey('', 2, (k) => ribProblem(etab, guic, cpte, k) === undefined);
    const intl = g(fc.boolean) ? { IdPayInt: alnum(g, 4), IdBancInt: alnum(g, 11) } : {};
    return { ...intl, CodeEtab: etab, CodeGuic: guic, IdCpte: cpte, CleRib: cle, ...common };
  }
  const bban = digits(g, 23);
  const iban = withKey('FR', 2, (v) => ibanProblem(`${v}${bban}`) === undefined) + bban;
  return { ...(g(fc.boolean) ? { BIC: pick(g, ['SOGEFRPP', 'SOGEFRPPXXX', 'CEPAFRPP802']) } : {}), IBAN: iban, ...common };
}

function tiers(g: Gen, needsAccount: boolean, forbidsAccount: boolean): Tiers {
  const person = g(fc.boolean);
  const id = pick(g, ['siret', 'other', 'none'] as const);
  return {
    InfoTiers: {
      ...(id === 'siret' ? { IdTiers: siret(g), NatIdTiers: '01' } : id === 'other' ? { IdTiers: alnum(g, 80), NatIdTiers: pick(g, ['05', '06', '09']) } : {}),
      ...(g(fc.boolean) ? { RefTiers: txt(g, 30) } : {}),
      CatTiers: person ? '01' : pick(g, ['20', '50', '60', '74']),
      NatJur: person ? '01' : pick(g, ['03', '06', '09']),
      ...(person ? { Civilite: txt(g, 10) } : {}),
      Nom: txt(g, 38),
      ...(g(fc.boolean) ? { ComplNom: txt(g, 38) } : {}),
      ...(person ? { Prenom: txt(g, 38) } : {}),
    },
    ...(g(fc.boolean)
      ? {
          Adresse: {
            TypAdr: pick(g, ['0', '1', '2']),
            ...(g(fc.boolean) ? { Adr1: txt(g, 38) } : {}),
            Adr2: txt(g, 38),
            CP: digits(g, 5),
            Ville: txt(g, 38),
            ...(g(fc.boolean) ? { CodRes: '1', CodPays: positive(g, 3) } : { CodRes: '0', ...(g(fc.boolean) ? { CodPays: '100' } : {}) }),
          },
        }
      : {}),
    ...(needsAccount || (!forbidsAccount && g(fc.boolean)) ? { CpteBancaire: account(g) } : {}),
  };
}

const MODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', undefined] as const;

function ligne(g: Gen, idLigne: number, mtHT: string, mtTVA: string | undefined, withFonction: boolean, correcting: boolean): LigneDePiece {
  const mode = pick(g, MODES);
  const needs = mode === '03' || mode === '05';
  const forbids = mode !== undefined && ['01', '02', '04', '07', '08', '09', '11'].includes(mode);
  const payee = needs || g(fc.boolean) ? { Tiers: tiers(g, needs, forbids) } : {};
  return {
    BlocLignePiece: {
      InfoLignePce: {
        IdLigne: String(idLigne),
        Nature: positive(g, 12),
        ...(withFonction && g(fc.boolean) ? { Fonction: digits(g, g(fc.integer, { min: 0, max: 10 })) } : {}),
        ...(g(fc.boolean) ? { Facture: txt(g, 20) } : {}),
        ...(g(fc.boolean) ? { LibVir1: txt(g, 70) } : {}),
        ...(mode === undefined ? {} : { ModRegl: mode }),
        TVAIntraCom: pick(g, ['0', '1', 'true', 'false']),
        MtHT: mtHT,
        ...(mtTVA === undefined ? {} : { MtTVA: mtTVA }),
      },
      ...(correcting ? { RattachPiece: { NatPceOrig: pick(g, ['01', '02']), ExerRat: '2025', IdPceOrig: positive(g, 13), IdLigneOrig: positive(g, 6) } } : {}),
      ...(g(fc.boolean) ? { LiensIdent: { IdMarche: txt(g, 30) } } : {}),
    },
    ...payee,
  };
}

const MAX_BORDEREAUX = 3;

/** A valid model; `size` bounds the pièces per bordereau. */
function model(g: Gen, size: number): PesAller {
  const idColl = siret(g);
  const nomenclature = pick(g, ['M14', 'M57', 'M4', 'M22'] as const);
  const withFonction = nomenclature === 'M14' || nomenclature === 'M57';
  const pjs: PJ[] = Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, (_, i) =>
    buildPj({
      bytes: g(fc.uint8Array, { minLength: 1, maxLength: 300 }),
      idUnique: `${alnum(g, 40)}${i}`,
      fileName: `${txt(g, 20)}.${pick(g, ['pdf', 'xml', 'PNG', 'tiff'])}`,
      description: txt(g, 250),
    }),
  );
  // IdPce is Num8 and numbered on across bordereaux: the last one must still have 8 digits.
  let idPce = g(fc.integer, { min: 1, max: 100_000_000 - MAX_BORDEREAUX * size });
  const bordereaux: Bordereau[] = Array.from({ length: g(fc.integer, { min: 1, max: MAX_BORDEREAUX }) }, (_, b) => {
    const correcting = g(fc.boolean) && g(fc.boolean);
    const withTva = g(fc.boolean);
    let budget = MAX_CENTS;
    let ht = 0n;
    let tva = 0n;
    const take = () => {
      const c = cents(g);
      const taken = c > budget ? budget : c;
      budget -= taken;
      return taken;
    };
    const pieces: Piece[] = Array.from({ length: g(fc.integer, { min: 1, max: size }) }, () => {
      const lines = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, (_, l) => {
        const lineHT = take();
        ht += lineHT;
        let lineTVA: string | undefined;
        if (withTva && g(fc.boolean)) {
          const c = take();
          tva += c;
          lineTVA = amount(c, g);
        }
        return ligne(g, l + 1, amount(lineHT, g), lineTVA, withFonction, correcting);
      });
      const ref = pjs.length > 0 && g(fc.boolean) ? pick(g, pjs) : undefined;
      return {
        BlocPiece: {
          InfoPce: {
            ...(g(fc.boolean) ? { CodServ: txt(g, 10) } : {}),
            IdPce: String(idPce++),
            TypPce: correcting ? '02' : pick(g, ['01', '09']),
            NatPce: correcting ? '06' : '01',
            ...(g(fc.boolean) ? { Obj: txt(g, 100) } : {}),
            ...(g(fc.boolean) ? { DteEch: date(g) } : {}),
            ...(ref ? { PJRef: [{ Support: '01', IdUnique: ref.IdUnique, NomPJ: ref.NomPJ, TypePJ: '003' }] } : {}),
          },
          ...(g(fc.boolean) ? { DGP: { Dgp: '0', DteDebDgp: date(g), DteFinDgp: date(g), DureeDgp: positive(g, 2), CodIntMor: '01', TxIntMor: '7.05' } } : {}),
        },
        LigneDePiece: lines,
      };
    });
    return {
      ...(g(fc.boolean) ? { Id: `B${b}` } : {}),
      BlocBordereau: {
        Exer: '2026',
        IdBord: String(1000 + b),
        DteBordEm: date(g),
        TypBord: correcting ? '02' : '01',
        NbrPce: String(pieces.length),
        ...(g(fc.boolean) ? { MtCumulAnnuel: amount(ht === 0n ? 1n : ht, g) } : {}),
        MtBordHT: amount(ht, g),
        ...(withTva || tva > 0n ? { MtBordTVA: amount(tva, g) } : {}),
      },
      Piece: pieces,
    };
  });
  return {
    ...(g(fc.boolean) ? { Id: 'PES' } : {}),
    nomenclature,
    Enveloppe: {
      Parametres: { Version: '2', TypFic: pick(g, ['PESALR1', 'PESALR2']), NomFic: txt(g, 100) },
      Emetteur: { Sigle: txt(g, 32), Adresse: txt(g, 38) },
      ...(g(fc.boolean) ? { Recepteur: { Sigle: txt(g, 32) } } : {}),
    },
    EnTetePES: {
      DteStr: date(g),
      IdPost: pick(g, ['031007', '0310071', '02A123', '02B1234']),
      ...(g(fc.boolean) ? { LibellePoste: txt(g, 38) } : {}),
      IdColl: idColl,
      ...(nomenclature === 'M22' ? { FinJur: alnum(g, 20) } : {}),
      CodCol: String(g(fc.integer, { min: 1, max: 999 })).padStart(3, '0'),
      CodBud: `${pick(g, [...'0123456789ABCZ'])}${pick(g, DIGITS)}`,
      ...(g(fc.boolean) ? { LibelleColBud: txt(g, 38) } : {}),
    },
    PES_DepenseAller: { EnTeteDepense: { IdVer: '2', ...(g(fc.boolean) ? { InfoDematerialisee: pick(g, ['0', 'false']) } : {}) }, Bordereau: bordereaux },
    ...(pjs.length > 0 || g(fc.boolean) ? { PES_PJ: { EnTetePES_PJ: { IdVer: '1' }, ...(pjs.length > 0 ? { PJ: pjs } : {}) } } : {}),
  };
}

/** Writes, validates against the XSD, reads back equal, and rewrites to the same bytes. */
function roundTrip(m: PesAller): void {
  let bytes: Uint8Array;
  try {
    bytes = writePesAller(m);
  } catch (err) {
    if (err instanceof PesWriteError) throw new Error(JSON.stringify(err.findings.slice(0, 5)));
    throw err;
  }
  expect(xsd.validate(bytes)).toEqual([]);
  const { pes, findings } = readPesAller(bytes);
  expect(findings).toEqual([]);
  const { nomenclature: _, ...written } = m;
  expect(pes).toEqual(written);
  expect(Buffer.from(writePesAller({ ...pes, nomenclature: m.nomenclature })).equals(Buffer.from(bytes))).toBe(true);
}

describe('PES_Aller writer, property-based', () => {
  it('every generated model is written XSD-valid and reads back equal', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => roundTrip(model(g, 8))),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('holds for large bordereaux too', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => roundTrip(model(g, 400))),
      { numRuns: 4, endOnFailure: true },
    );
  });

  it('text from all of Unicode is written stably or refused with a finding, never garbled', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(...'’“”–—€œŒ…\u00A0\u202Fé'), fc.constantFrom('a', 'Z', '1'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.gen(), anyText, anyText, (g, obj, nom) => {
        const m = model(g, 2);
        const piece = m.PES_DepenseAller!.Bordereau[0]!.Piece[0]!;
        piece.BlocPiece.InfoPce.Obj = obj;
        piece.LigneDePiece[0]!.Tiers = { InfoTiers: { CatTiers: '50', NatJur: '03', Nom: nom } };
        const payment = piece.LigneDePiece[0]!.BlocLignePiece.InfoLignePce;
        delete payment.ModRegl;
        let bytes: Uint8Array;
        try {
          bytes = writePesAller(m);
        } catch (err) {
          expect(err).toBeInstanceOf(PesWriteError);
          const rules = new Set((err as PesWriteError).findings.filter((f) => f.severity === 'fatal').map((f) => f.rule));
          expect([...rules].every((r) => ['PES-CHARSET', 'PES-TYPE-Texte'].includes(r))).toBe(true);
          return;
        }
        expect(xsd.validate(bytes)).toEqual([]);
        const again = readPesAller(bytes).pes;
        expect(Buffer.from(writePesAller({ ...again, nomenclature: m.nomenclature })).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });
});
