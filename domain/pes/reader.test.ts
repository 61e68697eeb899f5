import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { PesReadError, readPesAller } from './reader.ts';
import { examplePesAller } from './testing.ts';
import { writePesAller } from './writer.ts';

const xsd = openSchemaCatalog(SCHEMA_DIR).validator('pes-aller');
const sample = (name: string) => readFileSync(resolve(SAMPLES_DIR, 'pes', name));
const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** A small valid file around `depense` (the dépense domain's XML), for reader edge cases. */
const file = (depense: string, opts: { declaration?: string; root?: string } = {}) =>
  `${opts.declaration ?? '<?xml version="1.0" encoding="ISO-8859-1"?>'}<${opts.root ?? 'n'}:PES_Aller xmlns:${opts.root ?? 'n'}="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">` +
  '<Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="F1"/></Parametres><Emetteur><Sigle V="S"/><Adresse V="A"/></Emetteur></Enveloppe>' +
  '<EnTetePES><DteStr V="2026-01-02"/><IdPost V="031007"/><IdColl V="24310063300011"/><CodCol V="100"/><CodBud V="00"/></EnTetePES>' +
  `${depense}</${opts.root ?? 'n'}:PES_Aller>`;
const PJS = (fichier: string) =>
  `<PES_PJ><EnTetePES_PJ><IdVer V="1"/></EnTetePES_PJ><PJ><Contenu><Fichier MIMEType="application/pdf">${fichier}</Fichier></Contenu><IdUnique V="A1"/><NomPJ V="a.pdf"/><Description V="d"/></PJ></PES_PJ>`;

const readError = (bytes: Uint8Array): PesReadError => {
  try {
    readPesAller(bytes);
  } catch (err) {
    if (err instanceof PesReadError) return err;
    throw err;
  }
  throw new Error('read without error');
};

describe('readPesAller', () => {
  it('reads the real unsigned sample, every field the model knows', () => {
    const { pes, findings } = readPesAller(sample('PES_ex.xml'));
    expect(findings).toEqual([]);
    expect(pes.Id).toBe('SICOVAL201512104');
    expect(pes.EnTetePES).toEqual({ DteStr: '2015-09-24', IdPost: '031007', IdColl: '24310063300011', CodCol: '100', CodBud: '00' });
    const b = pes.PES_DepenseAller!.Bordereau[0]!;
    expect(b.Id).toBe('SICOVAL120150924160835111');
    expect(b.BlocBordereau).toEqual({ Exer: '2015', IdBord: '2372', DteBordEm: '2015-09-16', TypBord: '01', NbrPce: '1', MtCumulAnnuel: '45064101.79', MtBordHT: '55.22' });
    const piece = b.Piece[0]!;
    expect(piece.BlocPiece.DGP).toEqual({ Dgp: '0', DteDebDgp: '2015-09-10', DteFinDgp: '2015-10-10', DureeDgp: '30', TxIntMor: '7.05' });
    const ligne = piece.LigneDePiece[0]!;
    expect(ligne.BlocLignePiece).toEqual({
      InfoLignePce: { IdLigne: '1', Nature: '60628', Fonction: '64', LibVir1: '15-08-0764 Facture', ModRegl: '03', TVAIntraCom: '0', MtHT: '55.22' },
      LiensIdent: { IdMarche: '2015-15018D-00' },
    });
    // The trailing space is the file's: attribute values are kept exactly.
    expect(ligne.Tiers!.Adresse).toEqual({ TypAdr: '1', Adr2: 'ZI LA LANDE DU MOULIN', CP: '56803', Ville: 'PLOERMEL ', CodRes: '0' });
    expect(ligne.Tiers!.CpteBancaire).toEqual({ BIC: 'SOGEFRPPXXX', IBAN: 'FR7630003017020002010412521', TitCpte: 'CELLULOSES DE BROCELIANDE' });
  });

  it('reads the signed sample, reporting each bordereau signature it does not keep', () => {
    const { pes, findings } = readPesAller(sample('pes_signe_bordereau.xml'));
    expect(pes.Enveloppe.Recepteur).toEqual({ Sigle: 'TGAA', Adresse: 'AMIENS' });
    expect(pes.EnTetePES.LibelleColBud).toBe('TOURISME');
    expect(pes.PES_DepenseAller!.EnTeteDepense.InfoDematerialisee).toBe('1');
    const bordereaux = pes.PES_DepenseAller!.Bordereau;
    expect(bordereaux.map((b) => [b.BlocBordereau.IdBord, b.Piece.length])).toEqual([['50', 5], ['100003', 1]]);
    expect(bordereaux[0]!.BlocBordereau.MtBordHT).toBe('694.13');
    expect(findings.map((f) => [f.rule, f.severity, f.location])).toEqual([
      ['PES-READ-NOT-KEPT', 'warning', 'PES_DepenseAller/Bordereau[1]/ds:Signature'],
      ['PES-READ-NOT-KEPT', 'warning', 'PES_DepenseAller/Bordereau[2]/ds:Signature'],
    ]);
    expect(findings[0]!.line).toBeGreaterThan(300);
    expect(findings[0]!.message).toMatch(/signature/);
  });

  it('round-trips both samples: what it reads writes a valid file that reads and writes back the same', () => {
    for (const name of ['PES_ex.xml', 'pes_signe_bordereau.xml']) {
      const { pes } = readPesAller(sample(name));
      // The writer never signs, so it never claims a signed flux.
      pes.PES_DepenseAller!.EnTeteDepense.InfoDematerialisee = '0';
      const written = writePesAller(pes);
      expect(xsd.validate(written), name).toEqual([]);
      const again = readPesAller(written);
      expect(again.findings).toEqual([]);
      expect(again.pes).toEqual(pes);
      expect(writePesAller(again.pes)).toEqual(written);
    }
  });

  it('round-trips the example, PJ included', () => {
    const written = writePesAller(examplePesAller());
    const { pes, findings } = readPesAller(written);
    expect(findings).toEqual([]);
    const { nomenclature: _, ...expected } = examplePesAller();
    expect(pes).toEqual(expected);
  });

  it('decodes references and normalises literal white space in attributes, as XML says', () => {
    const obj = 'A &amp; B &#233;&#xE9; &lt;x&gt; &quot;q&quot; &apos;a&apos; tab&#9;end\nline';
    const { pes } = readPesAller(latin1(file(PJS('H4sIAAAAAAAA/w=='), {}).replace('<NomFic V="F1"/>', `<NomFic V="${obj}"/>`)));
    expect(pes.Enveloppe.Parametres.NomFic).toBe('A & B éé <x> "q" \'a\' tab\tend line');
  });

  it('reads line-wrapped base64 without its white space', () => {
    const { pes } = readPesAller(latin1(file(PJS('\n  H4sIAAAA\n  AAAA/w==\n'))));
    expect(pes.PES_PJ!.PJ![0]!.Contenu.Fichier).toEqual({ MIMEType: 'application/pdf', content: 'H4sIAAAAAAAA/w==' });
  });

  it('reads UTF-8 when so declared or undeclared, and any namespace prefix', () => {
    const text = file(PJS('H4sIAAAAAAAA/w=='), { declaration: '<?xml version="1.0"?>', root: 'pes' }).replace('<Sigle V="S"/>', '<Sigle V="Mairie de Plœmeur"/>');
    expect(readPesAller(Buffer.from(text, 'utf8')).pes.Enveloppe.Emetteur.Sigle).toBe('Mairie de Plœmeur');
    const declared = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>');
    expect(readPesAller(Buffer.from(`\uFEFF${declared}`, 'utf8')).pes.Enveloppe.Emetteur.Sigle).toBe('Mairie de Plœmeur');
  });

  it('warns when a Latin-1 file holds UTF-8 bytes', () => {
    const text = file(PJS('H4sIAAAAAAAA/w==')).replace('<Sigle V="S"/>', '<Sigle V="Mairie de Plérin"/>');
    expect(readPesAller(Buffer.from(text, 'utf8')).findings.map((f) => f.rule)).toEqual(['PES-ENCODING']);
  });

  it('reports, with its location and line, what the model does not keep', () => {
    const text = file(`${PJS('H4sIAAAAAAAA/w==')}`)
      .replace('<CodBud V="00"/>', '<CodBud V="00" X="1"/>\n<Inconnu V="1"/>')
      .replace('<IdPost V="031007"/>', '<IdPost V="031007"/><IdPost V="031008"/>')
      .replace('<PES_PJ>', '<PES_RecetteAller/><PES_PJ>');
    const { pes, findings } = readPesAller(latin1(text));
    expect(pes.EnTetePES.IdPost).toBe('031007');
    expect(findings.map((f) => [f.location, f.line])).toEqual([
      ['EnTetePES/IdPost', 1],
      ['EnTetePES/CodBud', 1],
      ['EnTetePES/Inconnu', 2],
      ['PES_RecetteAller', 2],
    ]);
    expect(findings.every((f) => f.rule === 'PES-READ-NOT-KEPT' && f.severity === 'warning')).toBe(true);
  });

  it('refuses what cannot become a model, saying why', () => {
    expect(readError(latin1('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')).findings[0]).toMatchObject({ rule: 'PES-XML', message: /DOCTYPE/ });
    expect(readError(latin1('<?xml version="1.0"?>\n<n:PES_Aller xmlns:n="x">\n<a></b>')).findings[0]).toMatchObject({ rule: 'PES-XML', line: 3 });
    expect(readError(latin1(file('').replace('Rev0/aller', 'Rev0/retour'))).findings[0]!.message).toMatch(/namespace/);
    expect(readError(Buffer.from([0x3c, 0x61, 0xff, 0x3e])).code).toBe('PES_UNREADABLE');
    expect(readError(latin1(file('').replace('<?xml version="1.0" encoding="ISO-8859-1"?>', '<?xml version="1.0" encoding="EBCDIC-XX"?>'))).findings[0]!.rule).toBe('PES-ENCODING');
    const missing = readError(latin1(file('').replace('<IdPost V="031007"/>', '')));
    expect(missing.findings).toEqual([{ rule: 'PES-STRUCTURE', severity: 'fatal', location: 'EnTetePES/IdPost', message: 'required, missing' }]);
    expect(readError(latin1(file('').replace('<IdPost V="031007"/>', '<IdPost/>'))).findings[0]).toMatchObject({ rule: 'PES-STRUCTURE', location: 'EnTetePES/IdPost' });
  });
});
