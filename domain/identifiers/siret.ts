/**
 * SIRENE identifiers, shared by the invoice rules (Chorus Pro) and the PES checks (Tiers, IdColl).
 * SIRET keys (INSEE): the 9-digit SIREN and the whole 14-digit SIRET each satisfy Luhn, except
 * at La Poste, whose establishments all share SIREN 356000000: there the 14 digits must add up
 * to a multiple of 5 (only the head office, 356 000 000 00048, satisfies Luhn as well).
 */

const LA_POSTE_SIREN = '356000000';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const digitSum = (digits: string): number => [...digits].reduce((s, c) => s + c.charCodeAt(0) - 48, 0);

/** Spaces people put between the groups (213 105 554 00011) are not part of the number. */
export const normalizeSiret = (value: string): string => value.replace(/[\s\u00a0\u202f.]/g, '');

/** What is wrong with a SIREN, or undefined when its key holds. */
export function sirenProblem(siren: string): string | undefined {
  if (!/^\d{9}$/.test(siren)) return `"${siren}" is not a SIREN: a SIREN has 9 digits`;
  return luhnValid(siren) ? undefined : `SIREN ${siren} has a wrong key: it fails the Luhn check`;
}

/** What is wrong with a SIRET (already normalized), or undefined when its keys hold. */
export function siretProblem(siret: string): string | undefined {
  if (!/^\d{14}$/.test(siret)) return `"${siret}" is not a SIRET: a SIRET has 14 digits (9 of SIREN, 5 of NIC)`;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    return luhnValid(siret) || digitSum(siret) % 5 === 0 ? undefined : `La Poste SIRET ${siret} has a wrong key: its digits must add up to a multiple of 5`;
  }
  if (!luhnValid(siret.slice(0, 9))) return `SIRET ${siret} has a wrong key: its SIREN ${siret.slice(0, 9)} fails the Luhn check`;
  return luhnValid(siret) ? undefined : `SIRET ${siret} has a wrong key: the establishment number (NIC ${siret.slice(9)}) fails the Luhn check`;
}
