import { describe, expect, it } from 'vitest';
import { ibanProblem, ribProblem, sirenProblem, siretProblem } from './identifiers.ts';

describe('identifier keys', () => {
  it('accepts the SIRETs of the real PES samples and refuses a changed digit', () => {
    for (const s of ['24310063300011', '37909534200018', '24800053100058', '18800850200018', '48850589200015', '51850908800028']) {
      expect(siretProblem(s), s).toBeUndefined();
    }
    expect(siretProblem('24310063300012')).toMatch(/key/);
    expect(siretProblem('2431006330001')).toMatch(/14 digits/);
  });

  it("uses La Poste's digit-sum key for its establishments", () => {
    // Digits add up to 15: valid for La Poste although the Luhn key fails.
    expect(siretProblem('35600000000001')).toBeUndefined();
    expect(siretProblem('35600000000002')).toMatch(/key/);
  });

  it('checks SIREN with Luhn', () => {
    expect(sirenProblem('243100633')).toBeUndefined();
    expect(sirenProblem('243100634')).toMatch(/key/);
    expect(sirenProblem('24310063')).toMatch(/9 digits/);
  });

  it('checks the IBAN key (mod 97), letters included', () => {
    expect(ibanProblem('FR7630003017020002010412521')).toBeUndefined();
    expect(ibanProblem('GB82WEST12345698765432')).toBeUndefined();
    expect(ibanProblem('GB82WEST12345698765433')).toMatch(/key/);
  });

  it('checks the French RIB key, account letters included', () => {
    // FR76 30003 01702 00020104125 21: the RIB inside the sample IBAN.
    expect(ribProblem('30003', '01702', '00020104125', '21')).toBeUndefined();
    expect(ribProblem('30003', '01702', '00020104125', '22')).toMatch(/21 expected/);
    expect(ribProblem('3000', '01702', '00020104125', '21')).toMatch(/5-digit bank/);
  });
});
