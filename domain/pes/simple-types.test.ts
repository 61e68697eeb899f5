import { describe, expect, it } from 'vitest';
import {
  alphanum, alphanumLight, annee, bic, booleen, code, codeBud, codeCol, date, gzipBase64, iban, identifiantPJ, idPost,
  mimeType, montant, montantLight, nomenclature, nomPJ, num, num6NonVide, numLight, tauxHight, texte, xmlId, type SimpleType,
} from './simple-types.ts';

const valid = (t: SimpleType, values: string[]) => values.forEach((v) => expect(t.problem(v), `${t.name} "${v}"`).toBeUndefined());
const invalid = (t: SimpleType, values: string[]) => values.forEach((v) => expect(t.problem(v), `${t.name} "${v}"`).toBeTypeOf('string'));

describe('PES simple types', () => {
  it('TexteN: 1..N characters (not UTF-16 units), not only zeros, not a lone space or dot, not "nc", no line break', () => {
    valid(texte(5), ['a', 'abcde', 'NC', 'n', '0a', ' a', '..', 'éèàçù', '𝄞𝄞𝄞𝄞𝄞']);
    invalid(texte(5), ['', 'abcdef', '0', '000', ' ', '.', 'nc', 'a\nb', 'ab\r']);
    expect(texte(38).rule).toBe('PES-TYPE-Texte');
    expect(texte(38).name).toBe('Texte38');
  });

  it('AlphanumN: letters and digits only, not only zeros; the _Light variant may be empty', () => {
    valid(alphanum(4), ['a1B2', '0001']);
    invalid(alphanum(4), ['', 'a1B2c', '00', 'a-b', 'é', 'nc']);
    valid(alphanumLight(5), ['', '00000', 'abc']);
    invalid(alphanumLight(5), ['abcdef', 'a b']);
  });

  it('NumN: a positive integer of at most N digits, without leading zeros', () => {
    valid(num(7), ['1', '9999999', '2372']);
    invalid(num(7), ['0', '00', '012', '10000000', '1.0', '-1', '+1', '', ' 1']);
    valid(numLight(14), ['', '24310063300011', '0']);
    invalid(numLight(5), ['123456', '12a']);
    valid(num6NonVide, ['0', '1', '999999']);
    invalid(num6NonVide, ['', '1234567', 'a']);
  });

  it('Montant is > 0 and Montant_Light ≥ 0, both with at most 12 + 2 digits and a dot', () => {
    valid(montant, ['0.01', '1', '55.22', '50', '999999999999.99', '1.5']);
    invalid(montant, ['0', '0.00', '-1.00', '1,00', '1.234', '1000000000000.00', '01.00', '.5', '1.', '']);
    valid(montantLight, ['0', '0.00', '0.01', '999999999999.99']);
    invalid(montantLight, ['-0.01', '1e3', 'abc']);
    expect(montant.rule).toBe('PES-TYPE-Montant');
  });

  it('Taux_Hight is a rate strictly between 0 and 100 with at most 2 decimals', () => {
    valid(tauxHight, ['7.05', '0.05', '99.99']);
    invalid(tauxHight, ['0', '100', '100.00', '7.055', '-1']);
  });

  it('Date is a real calendar date; Annee four digits; Booleen 0/1/true/false', () => {
    valid(date, ['2026-03-15', '2024-02-29']);
    invalid(date, ['2026-02-29', '2026-13-01', '2026-3-15', '15/03/2026', '2026-03-15T00:00:00', '0000-01-01']);
    valid(annee, ['2026']);
    invalid(annee, ['26', '0000', '2026-01']);
    valid(booleen, ['0', '1', 'true', 'false']);
    invalid(booleen, ['2', 'TRUE', 'oui', '']);
  });

  it('IdPost, CodCol and CodBud follow their codique patterns', () => {
    valid(idPost, ['031007', '0310071', '02A123', '02B1234']);
    invalid(idPost, ['31007', '03100712', '02C123', '02a123', '000000']);
    valid(codeCol, ['100', '001']);
    invalid(codeCol, ['000', '10', '1000', 'A00']);
    valid(codeBud, ['00', 'A1', '50']);
    invalid(codeBud, ['0A', 'a1', '1', '001']);
  });

  it('BIC and IBAN are in capitals and the IBAN key is verified', () => {
    valid(bic, ['SOGEFRPP', 'SOGEFRPPXXX', 'CEPAFRPP802']);
    invalid(bic, ['sogefrpp', 'SOGEFRP', 'SOGEFRPPXX', 'SOGEFR1P']);
    valid(iban, ['FR7630003017020002010412521', 'DE89370400440532013000']);
    invalid(iban, ['FR7630003017020002010412522', 'fr7630003017020002010412521', 'FR76 3000 3017', 'FR76']);
    expect(iban.problem('FR7630003017020002010412522')).toMatch(/key/);
  });

  it('NomPJ needs an extension of 2 to 4 letters or digits and at most 100 characters', () => {
    valid(nomPJ, ['facture.pdf', 'F 2026.001.xml', 'a.tiff', `${'x'.repeat(96)}.pdf`]);
    invalid(nomPJ, ['facture', 'facture.', 'facture.p', 'facture.jpeg2', `${'x'.repeat(97)}.pdf`, 'a\n.pdf']);
  });

  it('IdentifiantPJ20, xs:ID, MIMEType, nomenclature', () => {
    valid(identifiantPJ, ['101', '2026/M_01']);
    invalid(identifiantPJ, ['', '0', 'a-b', 'x'.repeat(21)]);
    valid(xmlId, ['ID2026', '_b1', 'B.1-2']);
    invalid(xmlId, ['1abc', 'a b', '']);
    valid(mimeType, ['application/pdf', 'image/svg+xml']);
    invalid(mimeType, ['pdf', 'application/', 'a b/c']);
    valid(nomenclature, ['M14', 'M57', 'M832']);
    invalid(nomenclature, ['m14', 'M', 'M57A']);
  });

  it('Fichier is non-empty base64 of a gzip stream', () => {
    valid(gzipBase64, ['H4sIAAAAAAAA/w==']);
    invalid(gzipBase64, ['', 'H4sI!', 'JVBERi0x', 'H4sIAAAAAAAA/w=']);
    expect(gzipBase64.problem('JVBERi0x')).toMatch(/gzip/);
  });

  it('code lists take exactly the XSD values and name the list in the rule', () => {
    valid(code('TypBord'), ['01', '02', '03', '04']);
    invalid(code('TypBord'), ['05', '1', '']);
    valid(code('NatPce'), ['18']);
    invalid(code('NatPce'), ['15', '16']);
    valid(code('TypAdr'), ['0', '1', '2']);
    expect(code('ModRegl').rule).toBe('PES-CODE-ModRegl');
    expect(code('ModRegl').problem('12')).toContain('01, 02');
  });
});
