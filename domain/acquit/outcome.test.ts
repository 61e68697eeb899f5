import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../tests/support/paths.ts';
import type { Acquit, ElementACQUIT } from './model.ts';
import { invoiceVerdict, outcomeOf, RETOUR_EVENTS, retourOutcome, type AckOutcome } from './outcome.ts';
import { readAcquit, readRetour } from './reader.ts';

const sample = (name: string) => readFileSync(join(SAMPLES_DIR, 'pes', name));
const outcome = (name: string): AckOutcome => outcomeOf(readAcquit(sample(name)).ack!);
const KO = 'pes-ack-ko/006111_190130123456-ACK-A3020100_A0000';
const a1971 = { code: 'ERREUR_AUTRE', libelle: '1971 - Compte fonction présent à tort', businessCode: '1971' };
const a2559 = { code: 'ERREUR_AUTRE', libelle: '2559 - Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro', businessCode: '2559' };
const a1984 = { code: 'ERREUR_DOUBLON_PJ', libelle: "1984 - L'identifiant unique de la PJ a déjà été intégré dans HELIOS", businessCode: '1984' };
const ok = (idUnique: string) => ({ idUnique, accepted: true, anomalies: [] });
const lines = (...anomalies: object[]) => anomalies.map((a, i) => ({ idLigne: String(i + 1), anomalies: [a] }));

describe('outcomeOf on the reference samples', () => {
  it('pes_acquit.xml: the bordereau and its four PJs accepted', () => {
    expect(outcome('pes_acquit.xml')).toEqual({
      file: { nomFic: 'pescg291201703030412001', codCol: '400' },
      bordereaux: [{ domaine: 'depense', exer: '2015', idBord: '1847', accepted: true, anomalies: [], pieces: [] }],
      pjs: [ok('200049104000252015DEPENSE0000087458'), ok('20004904000252015DEPENSE0000087460'), ok('200049104000252015DEPENSE0000087461'), ok('200049104000252015DEPENSE0000087459')],
      others: [],
    });
  });

  it('pes_acquit_not_valid.xml: a DomaineAck 0 rejection rejects the whole file', () => {
    const o = outcome('pes_acquit_not_valid.xml');
    expect(o).toMatchObject({ file: { nomFic: 'pescg291201703030412001', codCol: '400' }, bordereaux: [], pjs: [], others: [] });
    expect(o.fileRejected).toHaveLength(1);
    expect(o.fileRejected![0]).toMatchObject({ code: 'ERREUR_AUTRE', libelle: expect.stringMatching(/^Une erreur technique .*Boite 1/) as string });
  });

  it('IDL_KO: the bordereau rejected with every pièce and line anomaly in place, the PJ accepted', () => {
    expect(outcome(`${KO}IDL_KO.xml`)).toEqual({
      file: { nomFic: 'PesDepense-02-2019-5-11112222333344445', codCol: '000' },
      bordereaux: [
        {
          domaine: 'depense',
          exer: '2019',
          idBord: '5',
          accepted: false,
          anomalies: [],
          pieces: [
            { idPce: '20', anomalies: [], lines: lines(a1971, a1971, a1971) },
            { idPce: '21', anomalies: [], lines: lines(a1971, a2559) },
            { idPce: '22', anomalies: [], lines: lines(a1971) },
          ],
        },
      ],
      pjs: [ok('2019EC00087654')],
      others: [],
    });
  });

  it('MIX_KO: partial acceptance — bordereaux rejected, one PJ accepted and one refused; dépense and recette kept apart', () => {
    expect(outcome(`${KO}MIX_KO.xml`)).toEqual({
      file: { nomFic: 'PesDepense-02-2019-5-11112222333355556', codCol: '000' },
      bordereaux: [
        {
          domaine: 'depense',
          exer: '2019',
          idBord: '5',
          accepted: false,
          anomalies: [],
          pieces: [
            { idPce: '20', anomalies: [], lines: lines(a1971, a1971, a1971) },
            { idPce: '22', anomalies: [], lines: lines(a1971) },
          ],
        },
        { domaine: 'recette', exer: '2018', idBord: '258', accepted: false, anomalies: [], pieces: [{ idPce: '5432', anomalies: [a2559], lines: [] }] },
      ],
      pjs: [ok('2019EC00087654'), { idUnique: 'TI00064567', accepted: false, anomalies: [a1984] }],
      others: [],
    });
  });

  it('SDP_KO: two elements about one bordereau make one target with both pièces', () => {
    expect(outcome(`${KO}SDP_KO.xml`)).toEqual({
      file: { nomFic: 'PesRecette-02-2018-258-258-20190129666666', codCol: '000' },
      bordereaux: [
        {
          domaine: 'recette',
          exer: '2018',
          idBord: '258',
          accepted: false,
          anomalies: [],
          pieces: [
            { idPce: '5432', anomalies: [a2559], lines: [] },
            { idPce: '4321', anomalies: [a2559], lines: [] },
          ],
        },
      ],
      pjs: [ok('2018EC00088880'), ok('2018EC00088881'), ok('2018EC00088882')],
      others: [],
    });
  });

  it('SEN_KO: the bordereau accepted while one of its PJs is refused', () => {
    expect(outcome(`${KO}SEN_KO.xml`)).toEqual({
      file: { nomFic: 'PesDepense-12-2018-209-2092019012917666666', codCol: '000' },
      bordereaux: [{ domaine: 'depense', exer: '2018', idBord: '123', accepted: true, anomalies: [], pieces: [] }],
      pjs: [{ idUnique: 'TI00064567', accepted: false, anomalies: [a1984] }, ok('CP00065678')],
      others: [],
    });
  });

  it('PES_ACQUIT_RETOUR.xml: names its file and decides nothing about invoices', () => {
    expect(outcome('PES_ACQUIT_RETOUR.xml')).toEqual({
      file: { nomFic: 'PES2R_DEP_P_000_00_000000_00000000_2025010107_20250101010000.xml', codCol: '007' },
      bordereaux: [],
      pjs: [],
      others: [],
    });
  });
});

describe('outcomeOf rules', () => {
  const ack = (...ElementACQUIT: Partial<ElementACQUIT>[]): Acquit => ({
    format: 'v2',
    root: 'PES_ACQUIT',
    Enveloppe: { Parametres: { NomFic: 'F' } },
    EnTetePES: { CodCol: '123' },
    ElementACQUIT: ElementACQUIT.map((e) => ({ EtatAck: false, Erreur: [], DetailPiece: [], ...e })),
  });
  const dom = (code: string) => ({ code });
  const err = { code: 'ERREUR_AUTRE', libelle: 'x' };

  it('sends signatures and dépense without NumBord to the file, marché and unknown domains to others', () => {
    const o = outcomeOf(
      ack(
        { DomaineAck: dom('3'), Erreur: [{ code: 'ERREUR_SIGNATURE_BORDEREAU_INVALIDE' }] },
        { DomaineAck: dom('5'), Erreur: [err] },
        { DomaineAck: dom('1'), EtatAck: true },
        { DomaineAck: dom('11'), IdMarche: '2026MARCHE0001-001', Erreur: [err] },
        { IdUnique: 'PJ9', EtatAck: true },
        { NumBord: '4', ExerciceBord: '2026' },
        { DomaineAck: dom('12') },
      ),
    );
    expect(o.fileRejected).toEqual([{ code: 'ERREUR_SIGNATURE_BORDEREAU_INVALIDE' }, err]);
    expect(o.pjs).toEqual([ok('PJ9')]);
    expect(o.bordereaux).toEqual([{ domaine: 'depense', exer: '2026', idBord: '4', accepted: false, anomalies: [], pieces: [] }]);
    expect(o.others).toEqual([
      { domaine: '11', accepted: false, anomalies: [err], idMarche: '2026MARCHE0001-001' },
      { domaine: '12', accepted: false, anomalies: [], idMarche: undefined },
    ]);
  });

  it('rejects a bordereau if any of its elements does', () => {
    const o = outcomeOf(ack({ DomaineAck: dom('5'), EtatAck: true, NumBord: '1', ExerciceBord: '2026' }, { DomaineAck: dom('5'), NumBord: '1', ExerciceBord: '2026', Erreur: [err] }));
    expect(o.bordereaux).toEqual([{ domaine: 'depense', exer: '2026', idBord: '1', accepted: false, anomalies: [err], pieces: [] }]);
  });
});

describe('invoiceVerdict', () => {
  it('gives each invoice of a rejected bordereau its own pièce and line anomalies, else the bordereau’s', () => {
    const o = outcome(`${KO}IDL_KO.xml`);
    expect(invoiceVerdict(o, { exer: '2019', idBord: '5', idPce: '21' })).toEqual({ event: 'treasury_rejected', anomalies: [a1971, a2559] });
    expect(invoiceVerdict(o, { exer: '2019', idBord: '5', idPce: '99' })).toEqual({ event: 'treasury_rejected', anomalies: [] });
    expect(invoiceVerdict(o, { exer: '2019', idBord: '6', idPce: '20' })).toBeUndefined();
  });

  it('rejects an invoice whose PJ is refused although its bordereau is accepted', () => {
    const o = outcome(`${KO}SEN_KO.xml`);
    expect(invoiceVerdict(o, { exer: '2018', idBord: '123', idPce: '1', idUnique: 'TI00064567' })).toEqual({ event: 'treasury_rejected', anomalies: [a1984] });
    expect(invoiceVerdict(o, { exer: '2018', idBord: '123', idPce: '2', idUnique: 'CP00065678' })).toEqual({ event: 'treasury_accepted', anomalies: [] });
  });

  it('rejects every invoice of a file rejected as a whole; reads a recette bordereau as no verdict on a dépense one', () => {
    const rejected = outcome('pes_acquit_not_valid.xml');
    expect(invoiceVerdict(rejected, { exer: '2015', idBord: '1847' })).toEqual({ event: 'treasury_rejected', anomalies: rejected.fileRejected });
    expect(invoiceVerdict(outcome(`${KO}SDP_KO.xml`), { exer: '2018', idBord: '258', idPce: '5432' })).toBeUndefined();
  });
});

describe('retourOutcome', () => {
  it('pes_retour.xml: the pièce in instance, taken in charge on 2008-12-12, no payment', () => {
    const { retour } = readRetour(sample('pes_retour.xml'));
    expect(retourOutcome(retour!)).toEqual({
      file: { nomFic: 'HELIOS_SIMU_RETOUR_1441716142_2099520055.xml', typFic: 'PESRETOUR_DEP', idColl: '12345678900035', codCol: '221', codBud: '00' },
      pieces: [
        {
          exer: '2009',
          idBord: '1234567',
          idPce: '832',
          etatPce: '01',
          etatPceMeaning: 'en instance',
          decision: 'suspended',
          takenInChargeOn: '2008-12-12',
          lines: [{ idLigne: '1', etat: '01', etatMeaning: 'pris en charge', motif: '12' }],
        },
      ],
    });
    expect(RETOUR_EVENTS.suspended).toBeUndefined();
  });

  it('sums the payments of a settled pièce exactly, and tells a rejection with its motif and whether IdPce may be reused', () => {
    const piece = (info: string, lines: string) => `<Piece><InfoPiece><IdPce V="${info.slice(0, 1)}"/><TypPce V="01"/><NatPce V="01"/>${info.slice(1)}</InfoPiece>${lines}</Piece>`;
    const line = (pays: string[]) =>
      `<LigneDePiece><BlocLignePiece><InfoLignePiece><IdLigne V="1"/><EtatLigPce V="01"/><MtHT V="1"/></InfoLignePiece></BlocLignePiece>${pays.map((p) => `<PaiementEmargement><OrgEma V="01"/>${p}</PaiementEmargement>`).join('')}</LigneDePiece>`;
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?><n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"><Enveloppe><Parametres><Version V="2"/><TypFic V="PES2R_DEP"/><NomFic V="R"/></Parametres></Enveloppe>' +
      '<EnTetePES><DteStr V="2026-03-01"/><IdPost V="069018"/><IdColl V="1"/><CodColl V="123"/><CodBud V="01"/></EnTetePES><PES_DepenseRetour><EnTeteDepense><TypRestit V="02"/><IdVer V="2"/><NatInf V="2"/></EnTeteDepense>' +
      '<Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="7"/><TypBord V="01"/></BlocBordereau>' +
      piece('1<DtePcePec V="2026-02-01"/><EtatPce V="05"/>', line(['<DtePay V="2026-02-20"/><MtPay V="0.10"/>', '<DtePay V="2026-02-10"/><MtPay V="0.20"/>']) + line(['<DtePay V="2026-02-15"/><MtPay V="100"/>'])) +
      piece('2<EtatPce V="04"/><ObsEtat V="09"/><Commentaire V="RIB absent"/><DtePceRej V="2026-02-03"/>', line([])) +
      piece('3<DtePcePec V="2026-02-01"/><EtatPce V="04"/><ObsEtat V="Pièce illisible"/><DtePceRej V="2026-02-05"/>', line([])) +
      piece('4<DtePcePec V="2026-02-01"/><EtatPce V="02"/>', line([])) +
      '</Bordereau></PES_DepenseRetour></n:PES_Retour>';
    const [paid, rejected, rejectedAfterPec, taken] = retourOutcome(readRetour(iconv.encode(xml, 'latin1')).retour!).pieces;
    expect(paid).toMatchObject({ idPce: '1', decision: 'paid', paid: { total: '100.30', lastPaidOn: '2026-02-20' } });
    expect(paid!.paid!.payments).toEqual([
      { date: '2026-02-20', amount: '0.10' },
      { date: '2026-02-10', amount: '0.20' },
      { date: '2026-02-15', amount: '100' },
    ]);
    expect(rejected).toMatchObject({
      decision: 'rejected',
      rejection: { on: '2026-02-03', motif: '09', motifMeaning: 'domiciliation bancaire absente ou erronée', commentaire: 'RIB absent', idPceReusable: true },
    });
    expect(rejectedAfterPec!.rejection).toEqual({ on: '2026-02-05', motif: 'Pièce illisible', motifMeaning: undefined, commentaire: undefined, idPceReusable: false });
    expect(taken).toMatchObject({ decision: 'taken_in_charge', takenInChargeOn: '2026-02-01', paid: undefined, rejection: undefined });
    expect([paid, rejected, taken].map((p) => RETOUR_EVENTS[p!.decision!])).toEqual(['payment_recorded', 'treasury_rejected', 'treasury_accepted']);
  });
});
