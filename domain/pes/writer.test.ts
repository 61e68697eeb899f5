import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { PES_ALLER_TREE, type PesAller } from './model.ts';
import { readPesAller } from './reader.ts';
import { examplePesAller, exampleLigne } from './testing.ts';
import { PesWriteError, preparePesAller, writePesAller } from './writer.ts';
import { isLeaf, type ElementNode } from './xml-tree.ts';

const xsd = openSchemaCatalog(SCHEMA_DIR).validator('pes-aller');
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** The example with every optional element the rules allow together (a M14 budget, a RIB on a second line). */
function fullModel(): PesAller {
  const pes = examplePesAller();
  pes.nomenclature = 'M14';
  pes.Id = 'PES1';
  pes.Enveloppe.Recepteur = { Sigle: 'DGFIP', Adresse: 'HELIOS' };
  Object.assign(pes.EnTetePES, { LibellePoste: 'TRESORERIE DE TEST' });
  const b = pes.PES_DepenseAller!.Bordereau[0]!;
  b.Id = 'B1';
  b.BlocBordereau.MtCumulAnnuel = '45064101.79';
  const piece = b.Piece[0]!;
  Object.assign(piece.BlocPiece.InfoPce, { CodServ: 'SERV01', Affect: 'AFF1', DteEch: '2026-04-15', PJ: 'Facture jointe', CarteAchatNiveau1: '0' });
  piece.BlocPiece.DGP = { Dgp: '0', DteDebDgp: '2026-03-10', DteFinDgp: '2026-04-09', DureeDgp: '30', CodIntMor: '01', TxIntMor: '7.05' };
  const first = piece.LigneDePiece[0]!;
  Object.assign(first.BlocLignePiece.InfoLignePce, {
    Operation: '12', CptAna: 'ANA1', LibVir2: 'Suite du libellé', CpteTiers: '401', MtFactHT: '1000.10',
    PJRef: [{ Support: '01', IdUnique: '243100633000112026D000001' }],
  });
  first.BlocLignePiece.OpSpec = { CodOpSpec: '01', IdOpSpec: 'OPSPEC1' };
  first.BlocLignePiece.LiensIdent = { IdConv: 'CONV1', IdMarche: '2026-M-0042', IdEmpruntOrdo: 'EMP1', IdActif: 'ACT1', IdRegie: 'REG1' };
  Object.assign(first.Tiers!.InfoTiers, { DteIdTiers: '2020-01-01', RefTiers: '4078', CatTiers: '01', NatJur: '01', Civilite: 'MME', ComplNom: 'EPOUSE X', Prenom: 'Anne' });
  Object.assign(first.Tiers!.Adresse!, { Adr1: 'BATIMENT A', Adr3: 'LIEU-DIT', CodPays: '100', DteAdr: '2025-01-01' });
  Object.assign(first.Tiers!.CpteBancaire!, { LibBanc: 'SOCIETE GENERALE', DteBanc: '2025-01-01' });
  const second = exampleLigne('2', '0.00', '0.00');
  second.BlocLignePiece.RattachPiece = { NatPceOrig: '05', ExerRat: '2026', IdPceOrig: '77', IdLigneOrig: '1' };
  second.Tiers!.CpteBancaire = { IdPayInt: 'FR76', IdBancInt: 'SOGEFRPP', CodeEtab: '30003', CodeGuic: '01702', IdCpte: '00020104125', CleRib: '21', TitCpte: 'CELLULOSES' };
  piece.LigneDePiece.push(second);
  const pj = pes.PES_PJ!.PJ![0]!;
  Object.assign(pj, { ServeurId: 'SRV1', RefCompta: [{ Domaine: '01', Exercice: '2026', TypeObjet: '01', Identifiant: '101', ComplementIdentifiant: '1', IdTiers: '37909534200018' }] });
  return pes;
}

/** What fullModel cannot hold at once: the M31 HLM block and a M21 FinJur. */
function hlmModel(): PesAller {
  const pes = examplePesAller();
  pes.nomenclature = 'M31';
  delete pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.LigneDePiece[0]!.BlocLignePiece.InfoLignePce.Fonction;
  pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.LigneDePiece[0]!.BlocLignePiece.InfoTVAHLM = { RecTVA: '1', MtHtRes: '12.50' };
  return pes;
}
function finJurModel(): PesAller {
  const pes = hlmModel();
  pes.nomenclature = 'M21';
  delete pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.LigneDePiece[0]!.BlocLignePiece.InfoTVAHLM;
  pes.EnTetePES.FinJur = '310000012';
  return pes;
}

describe('writePesAller', () => {
  it('writes the declared ISO-8859-1 file: n:PES_Aller in the aller namespace, unqualified children, V attributes, XSD order', () => {
    const pes = examplePesAller();
    delete pes.PES_PJ;
    expect(latin1(writePesAller(pes))).toBe(`<?xml version="1.0" encoding="ISO-8859-1"?>
<n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
  <Enveloppe>
    <Parametres>
      <Version V="2"/>
      <TypFic V="PESALR2"/>
      <NomFic V="PESALR2_24310063300011_260315_001"/>
    </Parametres>
    <Emetteur>
      <Sigle V="einvoice-pes"/>
      <Adresse V="einvoice-pes"/>
    </Emetteur>
  </Enveloppe>
  <EnTetePES>
    <DteStr V="2026-03-15"/>
    <IdPost V="031007"/>
    <IdColl V="24310063300011"/>
    <CodCol V="100"/>
    <CodBud V="00"/>
    <LibelleColBud V="BUDGET PRINCIPAL"/>
  </EnTetePES>
  <PES_DepenseAller>
    <EnTeteDepense>
      <IdVer V="2"/>
      <InfoDematerialisee V="0"/>
    </EnTeteDepense>
    <Bordereau>
      <BlocBordereau>
        <Exer V="2026"/>
        <IdBord V="12"/>
        <DteBordEm V="2026-03-15"/>
        <TypBord V="01"/>
        <NbrPce V="1"/>
        <MtBordHT V="1000.10"/>
        <MtBordTVA V="200.02"/>
      </BlocBordereau>
      <Piece>
        <BlocPiece>
          <InfoPce>
            <IdPce V="101"/>
            <TypPce V="09"/>
            <NatPce V="01"/>
            <Obj V="Facture F-2026-001 fournitures"/>
            <PJRef>
              <Support V="01"/>
              <IdUnique V="243100633000112026D000001"/>
              <NomPJ V="F-2026-001.pdf"/>
              <TypePJ V="003"/>
            </PJRef>
          </InfoPce>
        </BlocPiece>
        <LigneDePiece>
          <BlocLignePiece>
            <InfoLignePce>
              <IdLigne V="1"/>
              <Nature V="6228"/>
              <Fonction V="020"/>
              <Facture V="F-2026-001"/>
              <LibVir1 V="Facture F-2026-001"/>
              <ModRegl V="03"/>
              <TVAIntraCom V="0"/>
              <MtHT V="1000.10"/>
              <MtTVA V="200.02"/>
            </InfoLignePce>
            <LiensIdent>
              <IdMarche V="2026-M-0042"/>
            </LiensIdent>
          </BlocLignePiece>
          <Tiers>
            <InfoTiers>
              <IdTiers V="37909534200018"/>
              <NatIdTiers V="01"/>
              <CatTiers V="50"/>
              <NatJur V="03"/>
              <Nom V="CELLULOSES DE BROCÉLIANDE"/>
            </InfoTiers>
            <Adresse>
              <TypAdr V="1"/>
              <Adr2 V="ZI LA LANDE DU MOULIN"/>
              <CP V="56800"/>
              <Ville V="PLOËRMEL"/>
              <CodRes V="0"/>
            </Adresse>
            <CpteBancaire>
              <BIC V="SOGEFRPPXXX"/>
              <IBAN V="FR7630003017020002010412521"/>
              <TitCpte V="CELLULOSES DE BROCELIANDE"/>
            </CpteBancaire>
          </Tiers>
        </LigneDePiece>
      </Piece>
    </Bordereau>
  </PES_DepenseAller>
</n:PES_Aller>
`);
  });

  it('encodes accents as single Latin-1 bytes', () => {
    const bytes = writePesAller(examplePesAller());
    const i = latin1(bytes).indexOf('BROC');
    expect(bytes[i + 4]).toBe(0xc9); // É
  });

  it('writes files the official PES_Aller.xsd accepts, with every element of the model in its place', () => {
    const outputs = [examplePesAller(), fullModel(), hlmModel(), finJurModel()].map((m) => writePesAller(m));
    for (const bytes of outputs) expect(xsd.validate(bytes)).toEqual([]);
    const text = outputs.map(latin1).join('');
    const markers: string[] = [];
    const collect = (node: ElementNode) =>
      node.children.forEach((c) => {
        if (!isLeaf(c)) {
          markers.push(`<${c.name}[ >]`);
          collect(c);
        } else if (c.leaf.kind === 'value') markers.push(`<${c.name} V=`);
        else if (c.leaf.kind === 'attribute') markers.push(` ${c.name}="`);
      });
    collect(PES_ALLER_TREE);
    expect(markers.length).toBeGreaterThan(150);
    expect(markers.filter((m) => !new RegExp(m).test(text))).toEqual([]);
  });

  it('is deterministic: the same model gives the same bytes', () => {
    expect(writePesAller(fullModel())).toEqual(writePesAller(fullModel()));
  });

  it('escapes markup and whitespace controls in attributes, and reads them back', () => {
    const pes = examplePesAller();
    pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.BlocPiece.InfoPce.Obj = 'A&B <C> "D" \'E\'\tF';
    const bytes = writePesAller(pes);
    expect(latin1(bytes)).toContain('<Obj V="A&amp;B &lt;C&gt; &quot;D&quot; \'E\'&#9;F"/>');
    expect(xsd.validate(bytes)).toEqual([]);
    expect(readPesAller(bytes).pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.BlocPiece.InfoPce.Obj).toBe('A&B <C> "D" \'E\'\tF');
  });

  it('transliterates the common characters outside Latin-1 before checking lengths', () => {
    const pes = examplePesAller();
    const info = pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.BlocPiece.InfoPce;
    info.Obj = 'L’œuvre “Cœur” – 10 €…';
    expect(latin1(writePesAller(pes))).toContain(`<Obj V="L'oeuvre &quot;Coeur&quot; - 10 EUR..."/>`);
    info.Obj = `${'x'.repeat(98)}€`;
    expect(() => writePesAller(pes)).toThrow(PesWriteError);
  });

  it('refuses a character it cannot write, naming the field, rather than writing "?"', () => {
    const pes = examplePesAller();
    pes.PES_DepenseAller!.Bordereau[0]!.Piece[0]!.LigneDePiece[0]!.Tiers!.InfoTiers.Nom = 'ŁÓDŹ SP. Z O.O.';
    try {
      writePesAller(pes);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PesWriteError);
      expect((err as PesWriteError).code).toBe('PES_INVALID');
      expect((err as PesWriteError).findings).toEqual([
        {
          rule: 'PES-CHARSET',
          severity: 'fatal',
          location: 'PES_DepenseAller/Bordereau[1]/Piece[1]/LigneDePiece[1]/Tiers/InfoTiers/Nom',
          message: 'Nom: U+0141, U+0179 cannot be written in ISO-8859-1',
        },
      ]);
    }
  });

  it('throws with every finding when a check is fatal, and writes despite warnings', () => {
    const pes = examplePesAller();
    pes.PES_DepenseAller!.Bordereau[0]!.BlocBordereau.MtBordHT = '1000.00';
    delete pes.nomenclature;
    const err = (() => {
      try {
        writePesAller(pes);
      } catch (e) {
        return e as PesWriteError;
      }
    })();
    expect(err?.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['PES-TOTAL-MtBordHT fatal', 'PES-NOMENCLATURE warning']);
    pes.PES_DepenseAller!.Bordereau[0]!.BlocBordereau.MtBordHT = '1000.10';
    expect(preparePesAller(pes).findings.map((f) => f.severity)).toEqual(['warning']);
    expect(xsd.validate(writePesAller(pes))).toEqual([]);
  });

  it('refuses a model of the wrong shape without walking it further', () => {
    const broken = { ...examplePesAller(), EnTetePES: 'x' } as unknown as PesAller;
    expect(() => writePesAller(broken)).toThrow(/EnTetePES/);
  });
});
