/**
 * Keys of the identifiers Hélios verifies (annexes of the PES V2 specification, as the XSD
 * documentation states): SIRET and SIREN (Luhn), IBAN (ISO 13616 mod 97), French RIB key.
 * Each returns what is wrong, or undefined.
 */

export { siretProblem, sirenProblem } from '../identifiers/siret.ts';

/** Remainder mod 97 of a long digit string, in chunks that stay exact in doubles. */
const mod97 = (digits: string): number => {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
};

/** The IBAN's check digits (letters count as 10…35), for an IBAN already in capitals. */
export function ibanProblem(v: string): string | undefined {
  const rearranged = v.slice(4) + v.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return mod97(digits) === 1 ? undefined : 'the IBAN key is wrong';
}

/** Letters of a French account number stand for digits (A and J for 1, B K S for 2…). */
const ribDigit = (c: string): string => {
  if (/\d/.test(c)) return c;
  const i = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(c.toUpperCase());
  return i < 0 ? '' : String(([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9] as const)[i]);
};

/** The RIB key: 97 − (89 × bank + 15 × branch + 3 × account) mod 97. */
export function ribProblem(codeEtab: string, codeGuic: string, idCpte: string, cleRib: string): string | undefined {
  const account = [...idCpte].map(ribDigit).join('');
  if (!/^\d{5}$/.test(codeEtab) || !/^\d{5}$/.test(codeGuic) || !/^\d{11}$/.test(account) || !/^\d{2}$/.test(cleRib)) {
    return 'a RIB has a 5-digit bank code, a 5-digit branch code, an 11-character account and a 2-digit key';
  }
  const key = 97 - ((89 * Number(codeEtab) + 15 * Number(codeGuic) + 3 * Number(account)) % 97);
  return key === Number(cleRib) ? undefined : `the RIB key is wrong (${String(key).padStart(2, '0')} expected)`;
}
