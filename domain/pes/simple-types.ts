/**
 * The PES V2 simple types (Simple_Type.xsd, 5.17) a dépense PES_Aller uses, as value checks.
 * Each says what is wrong with a `V` value, or nothing: the same verdict the XSD gives, plus
 * the few DGFiP rules stated in the schema's documentation that a pattern cannot carry (an
 * IBAN's key). Values are the strings written in the file, never parsed numbers.
 */
import { Decimal } from 'decimal.js';
import { CODE_LISTS, type CodeListName } from './codes.ts';
import { ibanProblem } from './identifiers.ts';

export interface SimpleType {
  /** The DGFiP type name (`Texte38`, `Montant_Light`, `TypPce`…), for messages. */
  readonly name: string;
  /** Finding rule id: `PES-TYPE-<family>` or `PES-CODE-<list>`. */
  readonly rule: string;
  /** What is wrong with the value, or undefined when it is valid. */
  problem(value: string): string | undefined;
}

const type = (name: string, family: string, problem: (v: string) => string | undefined): SimpleType => ({
  name,
  rule: `PES-TYPE-${family}`,
  problem,
});

/** XSD lengths count characters, not UTF-16 units. */
const charLength = (v: string): number => (/[\uD800-\uDFFF]/.test(v) ? [...v].length : v.length);

/**
 * V_BaseString and V_BaseAlphanum: the XSD's `.` excludes line breaks, a lone space or dot
 * and `nc` (for "non connu") are refused, and so is a value made only of zeros.
 */
function baseStringProblem(v: string, notOnlyZeros: boolean): string | undefined {
  if (/[\n\r]/.test(v)) return 'line breaks are not allowed';
  if (v === ' ' || v === '.') return `a lone "${v}" is not a value`;
  if (v === 'nc') return '"nc" is not a value';
  if (notOnlyZeros && /^0*$/.test(v)) return 'a value made only of zeros is refused';
  return undefined;
}

const lengthProblem = (v: string, min: number, max: number): string | undefined => {
  const n = charLength(v);
  if (n < min) return min === 1 ? 'empty' : `${n} characters, at least ${min} expected`;
  if (n > max) return `${n} characters, at most ${max} allowed`;
  return undefined;
};

/** Base_TexteN: any characters, 1..N, not only zeros, not a lone space or dot, not `nc`. */
export const texte = (max: number): SimpleType =>
  type(`Texte${max}`, 'Texte', (v) => lengthProblem(v, 1, max) ?? baseStringProblem(v, true));

/** Base_AlphanumN: `[0-9a-zA-Z]`, 1..N, not only zeros, not `nc`. */
export const alphanum = (max: number): SimpleType =>
  type(`Alphanum${max}`, 'Alphanum', (v) =>
    lengthProblem(v, 1, max) ?? (/^[0-9a-zA-Z]*$/.test(v) ? baseStringProblem(v, true) : 'only letters A-Z, a-z and digits are allowed'),
  );

/** Base_AlphanumN_Light: `[0-9a-zA-Z]`, 0..N. */
export const alphanumLight = (max: number): SimpleType =>
  type(`Alphanum${max}_Light`, 'Alphanum', (v) =>
    lengthProblem(v, 0, max) ?? (/^[0-9a-zA-Z]*$/.test(v) ? undefined : 'only letters A-Z, a-z and digits are allowed'),
  );

/**
 * Base_NumN: a positive integer of at most N digits. Leading zeros pass the XSD but are
 * refused here: the file carries numbers as the ordonnateur means them.
 */
export const num = (digits: number): SimpleType =>
  type(`Num${digits}`, 'Num', (v) => {
    if (!/^\d+$/.test(v)) return 'digits only expected';
    if (/^0+$/.test(v)) return 'must be greater than 0';
    if (v.startsWith('0')) return 'no leading zeros';
    return v.length > digits ? `${v.length} digits, at most ${digits} allowed` : undefined;
  });

/** Base_NumN_Light: 0..N digits (may be empty). */
export const numLight = (digits: number): SimpleType => {
  const pattern = new RegExp(`^\\d{0,${digits}}$`);
  return type(`Num${digits}_Light`, 'Num', (v) => (pattern.test(v) ? undefined : `at most ${digits} digits expected`));
};

/** Base_Num6_NonVide: 1..6 digits, zero allowed. */
export const num6NonVide: SimpleType = type('Num6_NonVide', 'Num', (v) => (/^\d{1,6}$/.test(v) ? undefined : '1 to 6 digits expected'));

const AMOUNT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** Base_Montant (> 0) and Base_Montant_Light (≥ 0): 14 digits of which at most 2 decimals, written with a dot. */
const amount = (name: string, positive: boolean): SimpleType =>
  type(name, 'Montant', (v) => {
    if (!AMOUNT.test(v)) return 'an amount such as 1250.00 expected: at most 12 digits before the dot, 2 after, no sign';
    if (positive && new Decimal(v).isZero()) return 'must be greater than 0';
    return undefined;
  });
export const montant = amount('Montant', true);
export const montantLight = amount('Montant_Light', false);

/** Base_Taux_Hight: a rate strictly between 0 and 100, at most 2 decimals. */
export const tauxHight: SimpleType = type('Taux_Hight', 'Taux', (v) => {
  if (!/^(0|[1-9]\d?)(\.\d{1,2})?$/.test(v)) return 'a rate below 100 with at most 2 decimals expected, e.g. 7.05';
  return new Decimal(v).isZero() ? 'must be greater than 0' : undefined;
});

/** Base_Date: a calendar date `YYYY-MM-DD` (the XSD would take a time zone; no real file has one). */
export const date: SimpleType = type('Date', 'Date', (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'a date YYYY-MM-DD expected';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const real = new Date(Date.UTC(y, mo - 1, d));
  return y > 0 && real.getUTCFullYear() === y && real.getUTCMonth() === mo - 1 && real.getUTCDate() === d ? undefined : 'not a calendar date';
});

/** Base_Annee: a year `YYYY`. */
export const annee: SimpleType = type('Annee', 'Annee', (v) => (/^\d{4}$/.test(v) && v !== '0000' ? undefined : 'a year YYYY expected'));

/** Base_Booleen: xs:boolean. */
export const booleen: SimpleType = type('Booleen', 'Booleen', (v) => (['0', '1', 'true', 'false'].includes(v) ? undefined : '0, 1, true or false expected'));

/** Base_TexteCodique7: the poste comptable's codique, 6–7 digits or 02A/02B and 3–4 digits. */
export const idPost: SimpleType = type('TexteCodique7', 'IdPost', (v) =>
  /^(02[AB]\d{3,4}|\d{6,7})$/.test(v) && !/^0+$/.test(v) ? undefined : 'a codique of 6–7 digits, or 02A/02B and 3–4 digits, expected',
);

/** Base_CodeCol3: 3 digits, not 000. */
export const codeCol: SimpleType = type('CodeCol3', 'CodCol', (v) => (/^\d{3}$/.test(v) && v !== '000' ? undefined : '3 digits other than 000 expected'));

/** Base_CodeBud2: a letter or digit, then a digit. */
export const codeBud: SimpleType = type('CodeBud2', 'CodBud', (v) => (/^[0-9A-Z]\d$/.test(v) ? undefined : 'a capital letter or digit, then a digit, expected'));

/** Base_Texte11BIC: 8 or 11 characters, capitals (the DGFiP rejects lower case). */
export const bic: SimpleType = type('Texte11BIC', 'BIC', (v) =>
  /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(v) ? undefined : 'a BIC of 8 or 11 capitals and digits expected',
);

/** Base_Texte34IBAN, in capitals (the DGFiP rejects lower case), with a valid ISO 13616 key. */
export const iban: SimpleType = type('Texte34IBAN', 'IBAN', (v) =>
  /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(v) ? ibanProblem(v) : 'an IBAN in capitals without spaces expected',
);

/** Base_NomPJ: a file name of at most 100 characters with an extension of 2 to 4 letters or digits. */
export const nomPJ: SimpleType = type('NomPJ', 'NomPJ', (v) => {
  if (charLength(v) > 100) return `${charLength(v)} characters, at most 100 allowed`;
  return baseStringProblem(v, false) ?? (/^.+\.[A-Za-z0-9]{2,4}$/.test(v) ? undefined : 'a file name with an extension of 2 to 4 letters or digits expected');
});

/** Base_IdentifiantPJ20: `[0-9a-zA-Z/_]`, 1..20, not only zeros, not `nc`. */
export const identifiantPJ: SimpleType = type('IdentifiantPJ20', 'Alphanum', (v) =>
  lengthProblem(v, 1, 20) ?? (/^[0-9a-zA-Z/_]*$/.test(v) ? baseStringProblem(v, true) : 'only letters, digits, / and _ are allowed'),
);

/** xs:ID (an NCName), restricted to ASCII. */
export const xmlId: SimpleType = type('ID', 'ID', (v) => (/^[A-Za-z_][A-Za-z0-9._-]*$/.test(v) ? undefined : 'an XML ID (a letter or _, then letters, digits, . _ -) expected'));

/** The MIMEType attribute of Fichier (xs:token), as `type/subtype`. */
export const mimeType: SimpleType = type('MIMEType', 'MIME', (v) =>
  /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/.test(v) ? undefined : 'a media type such as application/pdf expected',
);

/** Fichier: base64 of a gzip stream, so it starts with `H4sI` (an empty file is rejected). */
export const gzipBase64: SimpleType = type('Fichier', 'Fichier', (v) => {
  if (v.length === 0) return 'empty: the PJ would be rejected';
  if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return 'not base64';
  return v.startsWith('H4sI') ? undefined : 'not gzip-compressed (base64 of a gzip stream starts with H4sI)';
});

/** The budget's nomenclature (M14, M57…): not written in the file, it decides which elements are allowed. */
export const nomenclature: SimpleType = type('Nomenclature', 'Nomenclature', (v) => (/^M\d{1,3}$/.test(v) ? undefined : 'a nomenclature such as M14 or M57 expected'));

/** A DGFiP code list. */
export const code = (list: CodeListName): SimpleType => {
  const values: readonly string[] = CODE_LISTS[list];
  return {
    name: list,
    rule: `PES-CODE-${list}`,
    problem: (v) => (values.includes(v) ? undefined : `"${v}" is not a ${list} code (${values.join(', ')})`),
  };
};
