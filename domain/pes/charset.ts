/**
 * Text for an ISO-8859-1 file. Every real PES declares ISO-8859-1, which lacks €, œ and
 * typographic quotes, and whether Hélios accepts character references is undocumented: so
 * the common characters outside Latin-1 are transliterated, and anything else is refused
 * rather than written as `?` or mojibake. Accented letters stay as they are (they are Latin-1).
 */

/** Characters outside Latin-1 (and the no-break space) with an agreed plain spelling. */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u20AC': 'EUR',
  '\u0153': 'oe', '\u0152': 'OE',
  '\u2026': '...',
  '\u00A0': ' ', '\u2007': ' ', '\u2009': ' ', '\u202F': ' ', '\u2002': ' ', '\u2003': ' ', '\u2008': ' ', '\u200A': ' ',
};

/** XML 1.0 allows tab, line feed and carriage return among the C0 controls; C1 controls and DEL are mojibake. */
const writable = (cp: number): boolean => cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff);

const PLAIN = /^[\x20-\x7E]*$/;

export interface Latin1Text {
  value: string;
  /** The characters that could be neither kept nor transliterated, as `U+XXXX`. */
  refused: string[];
}

/**
 * Normalises to NFC (so a decomposed "é" becomes the Latin-1 é), transliterates, and lists
 * what remains unwritable.
 */
export function toLatin1(input: string): Latin1Text {
  if (PLAIN.test(input)) return { value: input, refused: [] };
  let value = '';
  const refused = new Set<string>();
  for (const ch of input.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    const replacement = TRANSLITERATION[ch];
    if (replacement !== undefined) value += replacement;
    else if (writable(cp)) value += ch;
    else refused.add(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return { value, refused: [...refused] };
}
