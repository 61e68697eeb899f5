import { describe, expect, it } from 'vitest';
import { checkPesAller } from './checks.ts';
import type { InfoLignePce, PesAller } from './model.ts';
import { gzipBase64Of } from './pj.ts';
import { piecePosition } from './report.ts';
import { exampleLigne, examplePesAller } from './testing.ts';

/** The example, changed by `edit`, and the findings about it as `rule severity location`. */
function findings(edit: (pes: PesAller) => void): string[] {
  const pes = examplePesAller();
  edit(pes);
  return checkPesAller(pes).map((f) => `${f.rule} ${f.severity} ${f.location ?? ''}`.trim());
}

const depense = (pes: PesAller) => pes.PES_DepenseAller!;
const bordereau = (pes: PesAller) => depense(pes).Bordereau[0]!;
const piece = (pes: PesAller) => bordereau(pes).Piece[0]!;
const ligne = (pes: PesAller) => piece(pes).LigneDePiece[0]!;
const tiers = (pes: PesAller) => ligne(pes).Tiers!;
const LINE = 'PES_DepenseAller/Bordereau[1]/Piece[1]/LigneDePiece[1]';

describe('checkPesAller', () => {
  it('finds nothing wrong with the example', () => {
    expect(findings(() => {})).toEqual([]);
  });

  describe('shape', () => {
    it('reports a missing required element at its path, and stops there', () => {
      expect(findings((p) => delete (ligne(p).BlocLignePiece.InfoLignePce as Partial<InfoLignePce>).MtHT)).toEqual([
        `PES-STRUCTURE fatal ${LINE}/BlocLignePiece/InfoLignePce/MtHT`,
      ]);
    });

    it('requires at least one bordereau, pièce and line', () => {
      expect(findings((p) => (piece(p).LigneDePiece = []))).toEqual([`PES-STRUCTURE fatal PES_DepenseAller/Bordereau[1]/Piece[1]/LigneDePiece`]);
    });
  });

  describe('simple types', () => {
    it('locates a bad amount at the PES path of the line', () => {
      const [f] = (() => {
        const pes = examplePesAller();
        ligne(pes).BlocLignePiece.InfoLignePce.MtHT = '10.001';
        return checkPesAller(pes).filter((x) => x.rule === 'PES-TYPE-Montant');
      })();
      expect(f).toMatchObject({ severity: 'fatal', location: `${LINE}/BlocLignePiece/InfoLignePce/MtHT` });
      expect(f!.message).toContain('MtHT "10.001"');
      expect(piecePosition(f!.location!)).toEqual({ bordereau: 0, piece: 0, ligne: 0 });
    });

    it('checks code lists, attributes and texts', () => {
      expect(
        findings((p) => {
          piece(p).BlocPiece.InfoPce.TypPce = '14';
          bordereau(p).Id = '1bad';
          tiers(p).InfoTiers.Nom = 'nc';
        }),
      ).toEqual(
        expect.arrayContaining([
          'PES-TYPE-ID fatal PES_DepenseAller/Bordereau[1]/@Id',
          'PES-CODE-TypPce fatal PES_DepenseAller/Bordereau[1]/Piece[1]/BlocPiece/InfoPce/TypPce',
          `PES-TYPE-Texte fatal ${LINE}/Tiers/InfoTiers/Nom`,
        ]),
      );
    });
  });

  describe('file', () => {
    it('wants enveloppe Version 2, dépense IdVer 2 and PJ IdVer 1', () => {
      expect(
        findings((p) => {
          p.Enveloppe.Parametres.Version = '1';
          depense(p).EnTeteDepense.IdVer = '1';
          p.PES_PJ!.EnTetePES_PJ.IdVer = '2';
        }),
      ).toEqual(['PES-VERSION fatal Enveloppe/Parametres/Version', 'PES-VERSION fatal PES_DepenseAller/EnTeteDepense/IdVer', 'PES-VERSION fatal PES_PJ/EnTetePES_PJ/IdVer']);
    });

    it('warns on an unusual TypFic', () => {
      expect(findings((p) => (p.Enveloppe.Parametres.TypFic = 'PESORMC'))).toEqual(['PES-TYPFIC warning Enveloppe/Parametres/TypFic']);
    });

    it("verifies the collectivité's SIRET key", () => {
      expect(findings((p) => (p.EnTetePES.IdColl = '24310063300012'))).toEqual(['PES-SIRET fatal EnTetePES/IdColl']);
    });

    it('never claims InfoDematerialisee 1: this writer does not sign', () => {
      expect(findings((p) => (depense(p).EnTeteDepense.InfoDematerialisee = '1'))).toEqual(['PES-SIGNATURE fatal PES_DepenseAller/EnTeteDepense/InfoDematerialisee']);
      expect(findings((p) => (depense(p).EnTeteDepense.InfoDematerialisee = 'true'))).toHaveLength(1);
    });

    it('refuses an empty flux', () => {
      expect(
        findings((p) => {
          delete p.PES_DepenseAller;
          delete p.PES_PJ;
        }),
      ).toEqual(['PES-FLUX-VIDE fatal']);
    });

    it('refuses one xs:ID on two elements', () => {
      expect(
        findings((p) => {
          p.Id = 'X1';
          bordereau(p).Id = 'X1';
        }),
      ).toEqual(['PES-ID-DOUBLON fatal PES_DepenseAller/Bordereau[1]/@Id']);
    });
  });

  describe('bordereau totals', () => {
    it('NbrPce must count the pièces', () => {
      expect(findings((p) => (bordereau(p).BlocBordereau.NbrPce = '2'))).toEqual(['PES-TOTAL-NbrPce fatal PES_DepenseAller/Bordereau[1]/BlocBordereau/NbrPce']);
    });

    it('MtBordHT and MtBordTVA must be the sums of the lines, to the cent', () => {
      expect(
        findings((p) => {
          piece(p).LigneDePiece.push(exampleLigne('2', '0.01', '0.00'));
          bordereau(p).BlocBordereau.MtBordTVA = '200.03';
        }),
      ).toEqual(['PES-TOTAL-MtBordHT fatal PES_DepenseAller/Bordereau[1]/BlocBordereau/MtBordHT', 'PES-TOTAL-MtBordTVA fatal PES_DepenseAller/Bordereau[1]/BlocBordereau/MtBordTVA']);
    });

    it('adds exactly where floating point would not (0.1 + 0.2)', () => {
      expect(
        findings((p) => {
          piece(p).LigneDePiece = [exampleLigne('1', '0.1', '0'), exampleLigne('2', '0.2', '0')];
          Object.assign(bordereau(p).BlocBordereau, { MtBordHT: '0.3', MtBordTVA: '0' });
        }),
      ).toEqual([]);
    });

    it('an absent MtBordTVA means no TVA on any line', () => {
      expect(findings((p) => delete bordereau(p).BlocBordereau.MtBordTVA)).toEqual(['PES-TOTAL-MtBordTVA fatal PES_DepenseAller/Bordereau[1]/BlocBordereau/MtBordTVA']);
    });

    it('does not add amounts that are not amounts (their type finding says why)', () => {
      expect(findings((p) => (ligne(p).BlocLignePiece.InfoLignePce.MtHT = '1,5'))).toEqual([`PES-TYPE-Montant fatal ${LINE}/BlocLignePiece/InfoLignePce/MtHT`]);
    });
  });

  describe('numbers and triplets', () => {
    it('refuses TypBord 04 in an aller', () => {
      expect(findings((p) => (bordereau(p).BlocBordereau.TypBord = '04'))).toEqual(
        expect.arrayContaining(['PES-TYPBORD fatal PES_DepenseAller/Bordereau[1]/BlocBordereau/TypBord']),
      );
    });

    it('refuses a repeated IdBord, IdPce or IdLigne', () => {
      const out = findings((p) => {
        const second = structuredClone(bordereau(p));
        depense(p).Bordereau.push(second);
        piece(p).LigneDePiece.push(exampleLigne('1', '0', '0'));
      });
      expect(out).toEqual(
        expect.arrayContaining([
          'PES-DOUBLON-IdBord fatal PES_DepenseAller/Bordereau[2]/BlocBordereau/IdBord',
          'PES-DOUBLON-IdPce fatal PES_DepenseAller/Bordereau[2]/Piece[1]/BlocPiece/InfoPce/IdPce',
          'PES-DOUBLON-IdLigne fatal PES_DepenseAller/Bordereau[1]/Piece[1]/LigneDePiece[2]/BlocLignePiece/InfoLignePce/IdLigne',
        ]),
      );
    });

    it('warns on a triplet outside the documented ones, and on a mandat sur marché without IdMarche', () => {
      expect(findings((p) => (piece(p).BlocPiece.InfoPce.NatPce = '02'))).toEqual(['PES-TRIPLET warning PES_DepenseAller/Bordereau[1]/Piece[1]/BlocPiece/InfoPce']);
      expect(findings((p) => delete ligne(p).BlocLignePiece.LiensIdent)).toEqual([`PES-IDMARCHE warning ${LINE}/BlocLignePiece`]);
    });

    it('correcting triplets need a RattachPiece naming a mandat or titre with its line', () => {
      const correcting = (p: PesAller) => {
        bordereau(p).BlocBordereau.TypBord = '02';
        Object.assign(piece(p).BlocPiece.InfoPce, { TypPce: '02', NatPce: '06' });
        delete ligne(p).BlocLignePiece.LiensIdent;
      };
      expect(findings(correcting)).toEqual([`PES-RATTACH fatal ${LINE}/BlocLignePiece`]);
      expect(
        findings((p) => {
          correcting(p);
          ligne(p).BlocLignePiece.RattachPiece = { NatPceOrig: '03', ExerRat: '2026', IdPceOrig: '55', IdLigneOrig: '1' };
        }),
      ).toEqual([`PES-RATTACH fatal ${LINE}/BlocLignePiece/RattachPiece/NatPceOrig`, `PES-RATTACH fatal ${LINE}/BlocLignePiece/RattachPiece/IdLigneOrig`]);
      expect(
        findings((p) => {
          correcting(p);
          ligne(p).BlocLignePiece.RattachPiece = { NatPceOrig: '01', ExerRat: '2026', IdPceOrig: '55' };
        }),
      ).toEqual([`PES-RATTACH fatal ${LINE}/BlocLignePiece/RattachPiece/IdLigneOrig`]);
    });

    it('a mandat global (01-06-01) needs IdConv', () => {
      expect(findings((p) => (piece(p).BlocPiece.InfoPce.TypPce = '06'))).toEqual([`PES-IDCONV fatal ${LINE}/BlocLignePiece`]);
    });
  });

  describe('payee and payment', () => {
    it('ModRegl 03 and 05 need a bank account', () => {
      expect(findings((p) => delete tiers(p).CpteBancaire)).toEqual([`PES-MODREGL fatal ${LINE}/BlocLignePiece/InfoLignePce/ModRegl`]);
    });

    it('ModRegl 01, 02, 04, 07, 08, 09, 11 forbid one; 06 and 10 take either', () => {
      for (const mode of ['01', '02', '04', '07', '08', '09', '11']) {
        expect(findings((p) => (ligne(p).BlocLignePiece.InfoLignePce.ModRegl = mode))).toEqual([`PES-MODREGL fatal ${LINE}/BlocLignePiece/InfoLignePce/ModRegl`]);
      }
      for (const mode of ['06', '10']) {
        expect(findings((p) => (ligne(p).BlocLignePiece.InfoLignePce.ModRegl = mode))).toEqual([]);
        expect(
          findings((p) => {
            ligne(p).BlocLignePiece.InfoLignePce.ModRegl = mode;
            delete tiers(p).CpteBancaire;
          }),
        ).toEqual([]);
      }
    });

    it('a bank account is a complete RIB with a valid key, or an IBAN, never both', () => {
      const account = `${LINE}/Tiers/CpteBancaire`;
      const rib = { CodeEtab: '30003', CodeGuic: '01702', IdCpte: '00020104125', CleRib: '21', TitCpte: 'X' };
      expect(findings((p) => (tiers(p).CpteBancaire = rib))).toEqual([]);
      expect(findings((p) => (tiers(p).CpteBancaire = { ...rib, CleRib: '22' }))).toEqual([`PES-BANQUE fatal ${account}/CleRib`]);
      expect(findings((p) => (tiers(p).CpteBancaire = { ...rib, CleRib: undefined }))).toEqual([`PES-BANQUE fatal ${account}`]);
      expect(findings((p) => Object.assign(tiers(p).CpteBancaire!, { CodeEtab: '30003' }))).toEqual([`PES-BANQUE fatal ${account}`, `PES-BANQUE fatal ${account}/BIC`]);
      expect(findings((p) => (tiers(p).CpteBancaire = { TitCpte: 'X' }))).toEqual([`PES-BANQUE fatal ${account}`]);
      expect(findings((p) => Object.assign(tiers(p).CpteBancaire!, { IdPayInt: 'FR76' }))).toEqual([`PES-BANQUE fatal ${account}`, `PES-BANQUE fatal ${account}/IdPayInt`]);
    });

    it('Civilite and Prenom go with a natural person (CatTiers 01), and only with one', () => {
      const info = `${LINE}/Tiers/InfoTiers`;
      expect(findings((p) => (tiers(p).InfoTiers.CatTiers = '01'))).toEqual([`PES-CIVILITE fatal ${info}/Civilite`, `PES-CIVILITE fatal ${info}/Prenom`]);
      expect(findings((p) => Object.assign(tiers(p).InfoTiers, { CatTiers: '01', NatJur: '01', Civilite: 'M', Prenom: 'Jean' }))).toEqual([]);
      expect(findings((p) => (tiers(p).InfoTiers.Prenom = 'Jean'))).toEqual([`PES-CIVILITE fatal ${info}/Prenom`]);
    });

    it("verifies the payee's SIRET or SIREN key and pairs IdTiers with NatIdTiers", () => {
      const info = `${LINE}/Tiers/InfoTiers`;
      expect(findings((p) => (tiers(p).InfoTiers.IdTiers = '37909534200019'))).toEqual([`PES-IDTIERS fatal ${info}/IdTiers`]);
      expect(findings((p) => Object.assign(tiers(p).InfoTiers, { IdTiers: '379095342', NatIdTiers: '02' }))).toEqual([]);
      expect(findings((p) => delete tiers(p).InfoTiers.NatIdTiers)).toEqual([`PES-IDTIERS warning ${info}/NatIdTiers`]);
      expect(findings((p) => delete tiers(p).InfoTiers.IdTiers)).toEqual([`PES-IDTIERS warning ${info}/IdTiers`]);
    });

    it('CP has 5 digits; a non-resident needs CodPays, a resident none but 100', () => {
      const adr = `${LINE}/Tiers/Adresse`;
      expect(findings((p) => (tiers(p).Adresse!.CP = '5680'))).toEqual([`PES-ADRESSE fatal ${adr}/CP`]);
      expect(findings((p) => (tiers(p).Adresse!.CodRes = '1'))).toEqual([`PES-ADRESSE fatal ${adr}/CodPays`]);
      expect(findings((p) => (tiers(p).Adresse!.CodPays = '109'))).toEqual([`PES-ADRESSE fatal ${adr}/CodPays`]);
      expect(findings((p) => (tiers(p).Adresse!.CodPays = '100'))).toEqual([]);
    });
  });

  describe('nomenclature', () => {
    it('Fonction only in M14, M52, M57, M71', () => {
      expect(findings((p) => (p.nomenclature = 'M14'))).toEqual([]);
      expect(findings((p) => (p.nomenclature = 'M4'))).toEqual([`PES-NOMENCLATURE fatal ${LINE}/BlocLignePiece/InfoLignePce/Fonction`]);
    });

    it('Operation also in M4x, M61 and M832; InfoTVAHLM only in M31', () => {
      expect(
        findings((p) => {
          p.nomenclature = 'M49';
          delete ligne(p).BlocLignePiece.InfoLignePce.Fonction;
          ligne(p).BlocLignePiece.InfoLignePce.Operation = '12';
          ligne(p).BlocLignePiece.InfoTVAHLM = { RecTVA: '0', MtHtRes: '10.00' };
        }),
      ).toEqual([`PES-NOMENCLATURE fatal ${LINE}/BlocLignePiece/InfoTVAHLM`]);
    });

    it('FinJur is required in M21 and M22 and forbidden elsewhere', () => {
      const noFonction = (p: PesAller) => delete ligne(p).BlocLignePiece.InfoLignePce.Fonction;
      expect(
        findings((p) => {
          noFonction(p);
          p.nomenclature = 'M21';
        }),
      ).toEqual(['PES-NOMENCLATURE fatal EnTetePES/FinJur']);
      expect(findings((p) => (p.EnTetePES.FinJur = '310000012'))).toEqual(['PES-NOMENCLATURE fatal EnTetePES/FinJur']);
    });

    it('warns once when the nomenclature is unknown and something depends on it', () => {
      expect(
        findings((p) => {
          delete p.nomenclature;
          piece(p).LigneDePiece.push(exampleLigne('2', '0', '0'));
        }),
      ).toEqual(['PES-NOMENCLATURE warning']);
    });
  });

  describe('PJ', () => {
    it('refuses two PJs with one IdUnique', () => {
      const out = findings((p) => p.PES_PJ!.PJ!.push(structuredClone(p.PES_PJ!.PJ![0]!)));
      expect(out).toEqual(['PES-DOUBLON-PJ fatal PES_PJ/PJ[2]/IdUnique']);
    });

    it('warns on a PJ nothing references, and on an electronic reference to a PJ not in the file', () => {
      expect(findings((p) => delete piece(p).BlocPiece.InfoPce.PJRef)).toEqual(['PES-PJ-ORPHELINE warning PES_PJ/PJ[1]/IdUnique']);
      expect(findings((p) => delete p.PES_PJ!.PJ)).toEqual(['PES-PJREF warning PES_DepenseAller/Bordereau[1]/Piece[1]/BlocPiece/InfoPce/PJRef[1]/IdUnique']);
    });

    it('a paper or CD-ROM reference forbids sending the PJ', () => {
      expect(findings((p) => (piece(p).BlocPiece.InfoPce.PJRef![0]!.Support = '02'))).toEqual([
        'PES-PJREF fatal PES_DepenseAller/Bordereau[1]/Piece[1]/BlocPiece/InfoPce/PJRef[1]/Support',
      ]);
    });

    it('finds references on lines too', () => {
      expect(
        findings((p) => {
          ligne(p).BlocLignePiece.InfoLignePce.PJRef = piece(p).BlocPiece.InfoPce.PJRef;
          delete piece(p).BlocPiece.InfoPce.PJRef;
        }),
      ).toEqual([]);
    });

    it('a RefCompta is of the dépense domain, with a matching TypePJ and an Identifiant', () => {
      const pj = 'PES_PJ/PJ[1]';
      expect(findings((p) => (p.PES_PJ!.PJ![0]!.RefCompta = [{ Domaine: '01', Exercice: '2026', TypeObjet: '01', Identifiant: '101' }]))).toEqual([]);
      expect(findings((p) => (p.PES_PJ!.PJ![0]!.RefCompta = [{ Domaine: '02', Exercice: '2026', TypeObjet: '01', Identifiant: '101' }]))).toEqual([
        `PES-REFCOMPTA fatal ${pj}/RefCompta[1]/Domaine`,
      ]);
      expect(
        findings((p) => {
          p.PES_PJ!.PJ![0]!.TypePJ = '002';
          p.PES_PJ!.PJ![0]!.RefCompta = [{ Domaine: '01', Exercice: '2026', TypeObjet: '01' }];
        }),
      ).toEqual([`PES-REFCOMPTA fatal ${pj}/TypePJ`, `PES-REFCOMPTA fatal ${pj}/RefCompta[1]/Identifiant`]);
    });

    it('a Fichier must be gzip', () => {
      expect(findings((p) => (p.PES_PJ!.PJ![0]!.Contenu.Fichier.content = Buffer.from('%PDF').toString('base64')))).toEqual([
        'PES-TYPE-Fichier fatal PES_PJ/PJ[1]/Contenu/Fichier',
      ]);
      expect(findings((p) => (p.PES_PJ!.PJ![0]!.Contenu.Fichier.content = gzipBase64Of(new Uint8Array([1]))))).toEqual([]);
    });
  });

  it('piecePosition reads a location back into indexes', () => {
    expect(piecePosition('PES_DepenseAller/Bordereau[2]/Piece[3]/BlocPiece/InfoPce/IdPce')).toEqual({ bordereau: 1, piece: 2 });
    expect(piecePosition('PES_DepenseAller/Bordereau[1]/BlocBordereau/NbrPce')).toEqual({ bordereau: 0 });
    expect(piecePosition('PES_PJ/PJ[1]/IdUnique')).toBeUndefined();
  });
});
