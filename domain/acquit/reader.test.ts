import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { readAcquit, readRetour } from './reader.ts';

const sample = (name: string) => readFileSync(join(SAMPLES_DIR, 'pes', name));
const KO = 'pes-ack-ko/006111_190130123456-ACK-A3020100_A0000';
const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule);
const latin1 = (xml: string) => iconv.encode(xml, 'latin1');
const V2 = 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2';
const f1971 = { code: 'ERREUR_AUTRE', libelle: '1971 - Compte fonction présent à tort', businessCode: '1971' };
const f2559 = { code: 'ERREUR_AUTRE', libelle: '2559 - Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro', businessCode: '2559' };
const f1984 = { code: 'ERREUR_DOUBLON_PJ', libelle: "1984 - L'identifiant unique de la PJ a déjà été intégré dans HELIOS", businessCode: '1984' };
const ko = { DteStr: '2019-01-23', IdPost: '006111', IdColl: '01234567890001', CodCol: '000', CodBud: '00', LibelleColBud: 'STELA' };
const koEnveloppe = (nomFic: string, adresse = 'pesalldep 1.1.001') => ({
  Parametres: { Version: '2', TypFic: 'PESALR1', NomFic: nomFic },
  Emetteur: { Sigle: 'Appli GF', Adresse: adresse },
  Recepteur: { Sigle: 'HELIOS', Adresse: 'READRESSE' },
});
const pj = (IdUnique: string, EtatAck = true, Erreur: object[] = []) => ({ DomaineAck: { code: '4', meaning: 'pièce justificative' }, EtatAck, IdUnique, Erreur, DetailPiece: [] });
const lines = (...errors: object[]) => errors.map((e, i) => ({ NumLigne: String(i + 1), Erreur: [e] }));

/** An acknowledgment skeleton around the given elements. */
const ackXml = (elements: string, opts: { root?: string; ns?: string; head?: string; encoding?: string } = {}) => {
  const root = opts.root ?? 'PES_ACQUIT';
  return (
    `<?xml version="1.0" encoding="${opts.encoding ?? 'ISO-8859-1'}"?><n:${root} xmlns:n="${opts.ns ?? V2}">` +
    '<Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="F1"/></Parametres><Emetteur><Sigle V="S"/><Adresse V="A"/></Emetteur></Enveloppe>' +
    (opts.head ?? '<EnTetePES><DteStr V="2026-01-05"/><IdPost V="069018"/><IdColl V="21690123100011"/><CodCol V="123"/><CodBud V="01"/></EnTetePES>') +
    `<ACQUIT><EnTeteAcquit><IdVer V="2"/></EnTeteAcquit>${elements}</ACQUIT></n:${root}>`
  );
};

describe('readAcquit on the reference samples', () => {
  const xsd = openSchemaCatalog(SCHEMA_DIR).validator('pes-acquit');

  it('pes_acquit.xml: schema-valid, read with no finding, one bordereau and four PJs accepted', () => {
    expect(xsd.validate(sample('pes_acquit.xml'))).toEqual([]);
    const { ack, findings } = readAcquit(sample('pes_acquit.xml'));
    expect(findings).toEqual([]);
    expect(ack).toEqual({
      format: 'v2',
      root: 'PES_ACQUIT',
      namespace: V2,
      Enveloppe: {
        Parametres: { Version: '2', TypFic: 'PESALR2', NomFic: 'pescg291201703030412001' },
        Emetteur: { Sigle: 'COSOLUCE', Adresse: 'CORAIL 4.02.05 - MAUVE 4.02.07' },
        Recepteur: { Sigle: 'HELIOS' },
      },
      EnTetePES: { DteStr: '2015-12-10', IdPost: '086016', IdColl: '20004910400025', CodCol: '400', CodBud: '01', LibelleColBud: 'EAUX DE VIENNE -SIVEER- EAU' },
      IdVer: '2',
      ElementACQUIT: [
        { DomaineAck: { code: '5', meaning: 'dépense' }, EtatAck: true, NumBord: '1847', ExerciceBord: '2015', Erreur: [], DetailPiece: [] },
        pj('200049104000252015DEPENSE0000087458'),
        pj('20004904000252015DEPENSE0000087460'),
        pj('200049104000252015DEPENSE0000087461'),
        pj('200049104000252015DEPENSE0000087459'),
      ],
    });
  });

  it('pes_acquit_not_valid.xml: the missing Emetteur the schema refuses is a warning; the Boîte 1 rejection is read', () => {
    expect(xsd.validate(sample('pes_acquit_not_valid.xml')).map((f) => f.message).join(' ')).toMatch(/Emetteur/);
    const { ack, findings } = readAcquit(sample('pes_acquit_not_valid.xml'));
    expect(findings).toEqual([{ rule: 'ACK-NO-EMETTEUR', severity: 'warning', location: 'Enveloppe', message: expect.stringContaining('Emetteur') as string }]);
    expect(ack!.Enveloppe).toEqual({ Parametres: { Version: '2', TypFic: 'UNKNOWN_TYPE', NomFic: 'pescg291201703030412001' } });
    expect(ack!.EnTetePES).toEqual({ DteStr: '2018-10-16', IdPost: '086016', IdColl: '12345', CodCol: '400', CodBud: '01', LibelleColBud: 'BUDGET PRINCIPAL VILLE' });
    expect(ack!.ElementACQUIT).toHaveLength(1);
    const [e] = ack!.ElementACQUIT;
    expect(e).toMatchObject({ DomaineAck: { code: '0', meaning: 'technique' }, EtatAck: false, DetailPiece: [] });
    // &quot; resolved; the libellé carries no business code.
    expect(e!.Erreur).toEqual([
      {
        code: 'ERREUR_AUTRE',
        libelle:
          'Une erreur technique est survenue lors de la validation/decoupage technique (Boite 1) : Erreur de validation XSD en boite 1 [(42086,4) attribute "V" has a bad value: the value does not match the regular expression ".+\\.[A-Za-z0-9]{2,4}".] ',
      },
    ]);
  });

  it('IDL_KO: one bordereau rejected line by line, one PJ accepted; the CodCol 000 the schema refuses is a warning', () => {
    const bytes = sample(`${KO}IDL_KO.xml`);
    expect(xsd.validate(bytes).map((f) => f.message).join(' ')).toMatch(/CodCol|\.\*\[\^0\]/);
    const { ack, findings } = readAcquit(bytes);
    expect(findings).toEqual([{ rule: 'ACK-CODCOL-000', severity: 'warning', location: 'EnTetePES/CodCol', message: expect.any(String) as string }]);
    expect(ack!.Enveloppe).toEqual(koEnveloppe('PesDepense-02-2019-5-11112222333344445'));
    expect(ack!.EnTetePES).toEqual(ko);
    expect(ack!.ElementACQUIT).toEqual([
      pj('2019EC00087654'),
      {
        DomaineAck: { code: '5', meaning: 'dépense' },
        EtatAck: false,
        NumBord: '5',
        ExerciceBord: '2019',
        Erreur: [],
        DetailPiece: [
          { NumPiece: '20', Erreur: [], DetailLigne: lines(f1971, f1971, f1971) },
          { NumPiece: '21', Erreur: [], DetailLigne: lines(f1971, f2559) },
          { NumPiece: '22', Erreur: [], DetailLigne: lines(f1971) },
        ],
      },
    ]);
  });

  it('MIX_KO: dépense and recette bordereaux rejected, one PJ accepted, one refused as a duplicate (ISO-8859-1 accents decoded)', () => {
    const { ack, findings } = readAcquit(sample(`${KO}MIX_KO.xml`));
    expect(rules(findings)).toEqual(['ACK-CODCOL-000']);
    expect(ack!.Enveloppe.Parametres.NomFic).toBe('PesDepense-02-2019-5-11112222333355556');
    expect(ack!.ElementACQUIT).toEqual([
      pj('2019EC00087654'),
      {
        DomaineAck: { code: '5', meaning: 'dépense' },
        EtatAck: false,
        NumBord: '5',
        ExerciceBord: '2019',
        Erreur: [],
        DetailPiece: [
          { NumPiece: '20', Erreur: [], DetailLigne: lines(f1971, f1971, f1971) },
          { NumPiece: '22', Erreur: [], DetailLigne: lines(f1971) },
        ],
      },
      { DomaineAck: { code: '6', meaning: 'recette' }, EtatAck: false, NumBord: '258', ExerciceBord: '2018', Erreur: [], DetailPiece: [{ NumPiece: '5432', Erreur: [f2559], DetailLigne: [] }] },
      pj('TI00064567', false, [f1984]),
    ]);
  });

  it('SDP_KO: a recette bordereau rejected in two elements, three PJs accepted', () => {
    const { ack, findings } = readAcquit(sample(`${KO}SDP_KO.xml`));
    expect(rules(findings)).toEqual(['ACK-CODCOL-000']);
    expect(ack!.Enveloppe).toEqual(koEnveloppe('PesRecette-02-2018-258-258-20190129666666', 'pesallrec 1.1.001'));
    expect(ack!.EnTetePES).toEqual({ ...ko, DteStr: '2019-01-30' });
    const recette = (NumPiece: string) => ({
      DomaineAck: { code: '6', meaning: 'recette' },
      EtatAck: false,
      NumBord: '258',
      ExerciceBord: '2018',
      Erreur: [],
      DetailPiece: [{ NumPiece, Erreur: [f2559], DetailLigne: [] }],
    });
    expect(ack!.ElementACQUIT).toEqual([pj('2018EC00088880'), pj('2018EC00088881'), recette('5432'), recette('4321'), pj('2018EC00088882')]);
  });

  it('SEN_KO: the bordereau accepted, one PJ refused as a duplicate, one accepted', () => {
    const { ack, findings } = readAcquit(sample(`${KO}SEN_KO.xml`));
    expect(rules(findings)).toEqual(['ACK-CODCOL-000']);
    expect(ack!.EnTetePES).toEqual({ ...ko, DteStr: '2019-01-30', CodBud: '01' });
    expect(ack!.ElementACQUIT).toEqual([
      pj('TI00064567', false, [f1984]),
      { DomaineAck: { code: '5', meaning: 'dépense' }, EtatAck: true, NumBord: '123', ExerciceBord: '2018', Erreur: [], DetailPiece: [] },
      pj('CP00065678'),
    ]);
  });

  it('PES_ACQUIT_RETOUR.xml: read with its two deviations (no Emetteur, CodColl)', () => {
    const { ack, findings } = readAcquit(sample('PES_ACQUIT_RETOUR.xml'));
    expect(rules(findings)).toEqual(['ACK-NO-EMETTEUR', 'ACK-CODCOLL']);
    expect(ack).toEqual({
      format: 'acquit-retour',
      root: 'PES_ACQUIT_RETOUR',
      namespace: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller/ack',
      Enveloppe: { Parametres: { Version: '1', TypFic: 'PES2R_DEP', NomFic: 'PES2R_DEP_P_000_00_000000_00000000_2025010107_20250101010000.xml' } },
      EnTetePES: { DteStr: '2025-01-01', IdPost: '123456', LibellePoste: 'UNDEPARTEMENT', IdColl: '49101169800033', CodCol: '007', CodBud: '12', LibelleColBud: 'LIBELLECODBUD' },
      IdVer: '2',
      ElementACQUIT: [],
      ElementACQUIT_RETOUR: [{ DomaineAckRetour: '13', NomFichierRetour: 'PES2R_DEP_P_710_20_044090_20250307_20250307_20250308182309.xml', TypRestit: '02', DateAcquit: '2025-03-10' }],
    });
  });
});

describe('readAcquit on the other forms and deviations', () => {
  it('reads the v1 form (flat elements, namespace …/Rev0/retour) into the same tree', () => {
    const v1 =
      '<ElementACQUIT><DomaineAck V="5"/><EtatAck V="0"/><ExerciceBord V="2026"/><NumBord V="7"/><NumPiece V="12"/><NumLigne V="2"/><NumAnoAck V="ERREUR_AUTRE"/><LibelleAnoAck V="1971 - Compte fonction présent à tort"/></ElementACQUIT>' +
      '<ElementACQUIT><DomaineAck V="5"/><EtatAck V="0"/><ExerciceBord V="2026"/><NumBord V="7"/><NumPiece V="13"/><NumAnoAck V="ERREUR_DOUBLON_PIECE"/></ElementACQUIT>' +
      '<ElementACQUIT><DomaineAck V="4"/><EtatAck V="1"/><IdUnique V="PJ1"/></ElementACQUIT>';
    const { ack, findings } = readAcquit(latin1(ackXml(v1, { ns: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour' })));
    expect(findings).toEqual([]);
    expect(ack!.format).toBe('v1');
    expect(ack!.ElementACQUIT).toEqual([
      { DomaineAck: { code: '5', meaning: 'dépense' }, EtatAck: false, NumBord: '7', ExerciceBord: '2026', Erreur: [], DetailPiece: [{ NumPiece: '12', Erreur: [], DetailLigne: [{ NumLigne: '2', Erreur: [f1971] }] }] },
      { DomaineAck: { code: '5', meaning: 'dépense' }, EtatAck: false, NumBord: '7', ExerciceBord: '2026', Erreur: [], DetailPiece: [{ NumPiece: '13', Erreur: [{ code: 'ERREUR_DOUBLON_PIECE' }], DetailLigne: [] }] },
      pj('PJ1'),
    ]);
  });

  it('reads a legacy PES_NonAcquit (UTF-8 skeleton, "heliso" namespace typo, Version 1, no EnTetePES) as a file rejection with its motif', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<n:PES_NonAcquit xmlns:n="http://www.minefi.gouv.fr/cp/heliso/pes_v2/Rev0/aller">' +
      '<Enveloppe><Parametres><Version V="1"/><TypFic V="PESALR1"/><NomFic V="F2"/></Parametres><Emetteur><Sigle V="HELIOS"/><Adresse V="DGFIP"/></Emetteur></Enveloppe>' +
      '<NonAcquit><NomFic V="F2"/><Motif V="Fichier illisible : caractère € non autorisé"/></NonAcquit></n:PES_NonAcquit>';
    const { ack, findings } = readAcquit(Buffer.from(xml, 'utf8'));
    expect(rules(findings)).toEqual(['ACK-NAMESPACE', 'ACK-ENCODING', 'ACK-LEGACY', 'ACK-NO-ENTETE']);
    expect(findings[0]!.message).toContain('typo "heliso"');
    expect(ack).toMatchObject({ format: 'legacy', root: 'PES_NonAcquit', Enveloppe: { Parametres: { Version: '1', NomFic: 'F2' } }, EnTetePES: undefined });
    expect(ack!.ElementACQUIT).toEqual([{ DomaineAck: { code: '0', meaning: 'technique' }, EtatAck: false, Erreur: [{ libelle: 'Fichier illisible : caractère € non autorisé' }], DetailPiece: [] }]);
  });

  it('reads a legacy PES_Acquit as the whole file accepted, taking its NomFic when the Enveloppe has none', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><n:PES_Acquit xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes"><Enveloppe><Parametres><Version V="2"/></Parametres>' +
      '<Emetteur><Sigle V="H"/><Adresse V="D"/></Emetteur></Enveloppe><Acquit><NomFic V="F3"/></Acquit></n:PES_Acquit>';
    const { ack, findings } = readAcquit(Buffer.from(xml));
    expect(rules(findings)).toEqual(['ACK-ENCODING', 'ACK-LEGACY', 'ACK-NO-ENTETE']);
    expect(ack!.Enveloppe.Parametres.NomFic).toBe('F3');
    expect(ack!.ElementACQUIT).toEqual([{ DomaineAck: { code: '0', meaning: 'technique' }, EtatAck: true, Erreur: [], DetailPiece: [] }]);
  });

  it('takes EtatAck true/false (xs:boolean) silently, and reads a missing one as rejected with a warning', () => {
    const { ack, findings } = readAcquit(
      latin1(ackXml('<ElementACQUIT><DomaineAck V="4"/><EtatAck V="true"/><IdUnique V="A"/></ElementACQUIT><ElementACQUIT><DomaineAck V="4"/><EtatAck V="false"/><IdUnique V="B"/></ElementACQUIT><ElementACQUIT><DomaineAck V="4"/><IdUnique V="C"/></ElementACQUIT>')),
    );
    expect(ack!.ElementACQUIT.map((e) => e.EtatAck)).toEqual([true, false, false]);
    expect(findings).toEqual([{ rule: 'ACK-ETATACK', severity: 'warning', location: 'ACQUIT/ElementACQUIT[3]/EtatAck', message: expect.stringContaining('missing') as string }]);
  });

  it('names each other deviation: CodColl, unknown codes, a value as text, v1 fields in v2, no NomFic, no element', () => {
    const head = '<EnTetePES><DteStr V="2026-01-05"/><IdPost V="069018"/><IdColl V="1"/><CodColl V="123"/><CodBud V="01"/></EnTetePES>';
    const elements =
      '<ElementACQUIT><DomaineAck V="42"/><EtatAck>1</EtatAck><Erreur><NumAnoAck V="ERREUR_INCONNUE"/></Erreur></ElementACQUIT>' +
      '<ElementACQUIT><DomaineAck V="5"/><EtatAck V="0"/><NumBord V="3"/><ExerciceBord V="2026"/><NumAnoAck V="ERREUR_AUTRE"/></ElementACQUIT>';
    const { ack, findings } = readAcquit(latin1(ackXml(elements, { head })));
    expect(rules(findings)).toEqual(['ACK-CODCOLL', 'ACK-DOMAINEACK', 'ACK-NUMANOACK', 'ACK-NO-V', 'ACK-SHAPE']);
    expect(ack!.EnTetePES!.CodCol).toBe('123');
    expect(ack!.ElementACQUIT[0]).toMatchObject({ DomaineAck: { code: '42' }, EtatAck: true, Erreur: [{ code: 'ERREUR_INCONNUE' }] });
    expect(ack!.ElementACQUIT[1]!.Erreur).toEqual([{ code: 'ERREUR_AUTRE' }]);
    const bare = '<?xml version="1.0" encoding="ISO-8859-1"?><PES_ACQUIT><Enveloppe><Parametres/></Enveloppe><ACQUIT/></PES_ACQUIT>';
    expect(rules(readAcquit(latin1(bare)).findings)).toEqual(['ACK-NAMESPACE', 'ACK-NO-EMETTEUR', 'ACK-NO-ENTETE', 'ACK-EMPTY', 'ACK-NO-NOMFIC']);
  });

  it('resolves character references and keeps escaped line breaks in a libellé', () => {
    const e = '<ElementACQUIT><DomaineAck V="0"/><EtatAck V="0"/><Erreur><LibelleAnoAck V="a&#10;b &#x20AC; &lt;c&gt; &amp; d&#9;e\nf"/></Erreur></ElementACQUIT>';
    expect(readAcquit(latin1(ackXml(e))).ack!.ElementACQUIT[0]!.Erreur).toEqual([{ libelle: 'a\nb € <c> & d\te f' }]);
  });

  it('turns what is not an acknowledgment into one fatal finding, never an exception', () => {
    const fatal = (bytes: Uint8Array) => {
      const { ack, findings } = readAcquit(bytes);
      expect(ack).toBeUndefined();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.severity).toBe('fatal');
      return findings[0]!.rule;
    };
    expect(fatal(Buffer.from('not xml <'))).toBe('ACK-UNREADABLE');
    expect(fatal(new Uint8Array())).toBe('ACK-UNREADABLE');
    expect(fatal(Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'))).toBe('ACK-UNREADABLE');
    expect(fatal(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]))).toBe('ACK-UNREADABLE'); // invalid UTF-8
    expect(fatal(Buffer.from('<?xml version="1.0" encoding="X-NOPE"?><a/>'))).toBe('ACK-UNREADABLE');
    expect(fatal(sample('pes_retour.xml'))).toBe('ACK-NOT-ACQUIT');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const { ack, findings } = readAcquit(bytes);
        expect(ack === undefined).toBe(findings.some((f) => f.severity === 'fatal'));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (junk) => {
        expect(() => readAcquit(latin1(ackXml(junk)))).not.toThrow();
      }),
    );
  });
});

describe('readRetour', () => {
  it('pes_retour.xml: schema-valid; the pièce in instance, its line, the documented TypRestit deviation', () => {
    expect(openSchemaCatalog(SCHEMA_DIR).validator('pes-retour').validate(sample('pes_retour.xml'))).toEqual([]);
    const { retour, findings } = readRetour(sample('pes_retour.xml'));
    expect(findings).toEqual([{ rule: 'RETOUR-TYPRESTIT', severity: 'warning', location: 'PES_DepenseRetour/EnTeteDepense/TypRestit', message: expect.stringContaining('AA') as string }]);
    expect(retour).toEqual({
      namespace: 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour',
      Enveloppe: { Parametres: { Version: '2', TypFic: 'PESRETOUR_DEP', NomFic: 'HELIOS_SIMU_RETOUR_1441716142_2099520055.xml' } },
      EnTetePES: { DteStr: '2008-02-15', IdPost: '082008', LibellePoste: 'CORBARIEU ', IdColl: '12345678900035', CodCol: '221', CodBud: '00' },
      PES_DepenseRetour: {
        EnTeteDepense: { TypRestit: 'AA', IdVer: '2', NatInf: '2' },
        Bordereau: [
          {
            BlocBordereau: { Exer: '2009', IdBord: '1234567', TypBord: '01' },
            Piece: [
              {
                InfoPiece: { IdPce: '832', TypPce: '01', NatPce: '01', Obj: 'TEST HOMOLOGATION', DtePcePec: '2008-12-12', EtatPce: '01' },
                LigneDePiece: [{ IdLigne: '1', EtatLigPce: '01', ObsEtat: '12', MtHT: '39724.75', PaiementEmargement: [] }],
              },
            ],
          },
        ],
      },
    });
  });

  it('reads payments and rejections, warns on CodCol spelled the aller way, a bad MtPay, an unknown EtatPce, other domains', () => {
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?><n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour">' +
      '<Enveloppe><Parametres><Version V="2"/><TypFic V="PES2R_DEP"/><NomFic V="R1"/></Parametres></Enveloppe>' +
      '<EnTetePES><DteStr V="2026-03-01"/><IdPost V="069018"/><IdColl V="21690123100011"/><CodCol V="123"/><CodBud V="01"/></EnTetePES>' +
      '<PES_DepenseRetour><EnTeteDepense><TypRestit V="02"/><IdVer V="2"/><NatInf V="2"/></EnTeteDepense><Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="7"/><TypBord V="01"/></BlocBordereau>' +
      '<Piece><InfoPiece><IdPce V="1"/><TypPce V="01"/><NatPce V="01"/><DtePcePec V="2026-02-01"/><EtatPce V="05"/></InfoPiece>' +
      '<LigneDePiece><BlocLignePiece><InfoLignePiece><IdLigne V="1"/><EtatLigPce V="01"/><MtHT V="100.10"/></InfoLignePiece></BlocLignePiece>' +
      '<PaiementEmargement><OrgEma V="01"/><DtePay V="2026-02-20"/><MtPay V="60.05"/></PaiementEmargement><PaiementEmargement><OrgEma V="01"/><DtePay V="2026-02-10"/><MtPay V="1,5"/></PaiementEmargement></LigneDePiece></Piece>' +
      '<Piece><InfoPiece><IdPce V="2"/><TypPce V="01"/><NatPce V="01"/><EtatPce V="09"/></InfoPiece><LigneDePiece><BlocLignePiece><InfoLignePiece><IdLigne V="1"/><EtatLigPce V="02"/><MtHT V="5"/></InfoLignePiece></BlocLignePiece></LigneDePiece></Piece>' +
      '</Bordereau></PES_DepenseRetour><PES_RecetteRetour/></n:PES_Retour>';
    const { retour, findings } = readRetour(latin1(xml));
    expect(rules(findings)).toEqual(['RETOUR-NOT-READ', 'RETOUR-CODCOL', 'RETOUR-MTPAY', 'RETOUR-ETATPCE']);
    expect(retour!.EnTetePES.CodCol).toBe('123');
    const [paid, odd] = retour!.PES_DepenseRetour!.Bordereau[0]!.Piece;
    expect(paid!.LigneDePiece[0]!.PaiementEmargement).toEqual([
      { OrgEma: '01', DtePay: '2026-02-20', MtPay: '60.05' },
      { OrgEma: '01', DtePay: '2026-02-10', MtPay: undefined },
    ]);
    expect(odd!.InfoPiece.EtatPce).toBe('09');
  });

  it('turns what is not a PES_Retour into one fatal finding', () => {
    expect(readRetour(sample('pes_acquit.xml'))).toEqual({ retour: undefined, findings: [{ rule: 'RETOUR-NOT-RETOUR', severity: 'fatal', message: 'root PES_ACQUIT is not PES_Retour' }] });
    expect(readRetour(Buffer.from('<a>')).findings[0]).toMatchObject({ rule: 'RETOUR-UNREADABLE', severity: 'fatal' });
  });
});
