/**
 * The DGFiP code lists of the PES V2 5.17 schemas that a dépense PES_Aller uses, exactly as
 * the XSD enumerates them (CommunDepense.xsd, CommunPES.xsd, Class_Adresse.xsd,
 * Class_PJReference.xsd). Business restrictions on top of the XSD (TypBord 04 rejected in
 * aller, known triplets…) live in the checks, not here.
 */
export const CODE_LISTS = {
  TypBord: ['01', '02', '03', '04'],
  TypPce: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'],
  NatPce: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '18'],
  CodIntMor: ['01', '02', '03'],
  ModRegl: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'],
  CodOpSpec: ['01', '02', '03', '04', '05'],
  NatPceOrig: ['01', '02', '03', '04', '05'],
  NatIdTiers: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'],
  CatTiers: ['01', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '50', '60', '61', '62', '63', '64', '65', '70', '71', '72', '73', '74'],
  NatJur: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'],
  TypAdr: ['0', '1', '2'],
  Support: ['01', '02', '03'],
  TypePJ: ['001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '011', '012', '013'],
  Domaine: ['01', '02', '03', '04', '05', '06', '07', '08', '09'],
  TypeObjet: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'],
} as const satisfies Record<string, readonly string[]>;

export type CodeListName = keyof typeof CODE_LISTS;
