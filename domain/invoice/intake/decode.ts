/**
 * XML bytes to text, by the byte order mark, then by the declared encoding (XML 1.0 appendix F),
 * refusing bytes that contradict what the document says of itself. The XSD engine always gets
 * UTF-8, so it reads exactly the text the guards scanned.
 */
import iconv from 'iconv-lite';
import type { Finding } from '../../finding.ts';
import { fatal, warning } from './findings.ts';
import { position } from './scan.ts';

export type Decoded =
  | { ok: true; text: string; utf8: Uint8Array; encoding: string; warnings: Finding[] }
  | { ok: false; finding: Finding };

type Sniffed = { family: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } | { unsupported: string };

function sniff(b: Uint8Array): Sniffed {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { family: 'utf-8', bom: 3 };
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) return { unsupported: 'UTF-32' };
  if (b0 === 0xff && b1 === 0xfe) return { family: 'utf-16le', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { family: 'utf-16be', bom: 2 };
  // '<?' in UTF-16 without a byte order mark
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return { family: 'utf-16le', bom: 0 };
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return { family: 'utf-16be', bom: 0 };
  if (b0 === 0x4c && b1 === 0x6f && b2 === 0xa7 && b3 === 0x94) return { unsupported: 'EBCDIC' };
  return { family: 'utf-8', bom: 0 };
}

const DECLARATION = /^<\?xml\s[^?>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

const declaredEncoding = (head: string): string | undefined => DECLARATION.exec(head)?.[2];

const canonical = (name: string): string => name.toLowerCase().replace(/_/g, '-');
const isUtf8 = (name: string): boolean => /^utf-?8$/.test(canonical(name));
const isUtf16 = (name: string): boolean => /^(utf-?16|ucs-?2)(le|be)?$/.test(canonical(name)) || canonical(name) === 'iso-10646-ucs-2';
const isLatin = (name: string): boolean => /^(iso-?8859-1|latin-?1|l1|windows-?1252|cp-?1252)$/.test(canonical(name));

/** Offset of the first byte that does not continue a well-formed UTF-8 sequence (RFC 3629). */
export function invalidUtf8Offset(b: Uint8Array, from = 0): number {
  let i = from;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c === 0xe0) [need, min] = [2, 0xa0];
    else if (c === 0xed) [need, min, max] = [2, 0x80, 0x9f]; // no surrogates
    else if (c >= 0xe1 && c <= 0xef) [need, min] = [2, 0x80];
    else if (c === 0xf0) [need, min] = [3, 0x90];
    else if (c >= 0xf1 && c <= 0xf3) [need, min] = [3, 0x80];
    else if (c === 0xf4) [need, min, max] = [3, 0x80, 0x8f]; // up to U+10FFFF
    else return i;
    const second = b[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The bytes say unambiguously what the declaration denies: they win, as XML 1.0 appendix F has it. */
const overruledDeclaration = (declared: string, evidence: string, actual: string): Finding =>
  warning('XML-ENCODING', `the document declares ${declared} but starts with ${evidence}: it was read as ${actual}; correct the declaration`, { location: 'byte 0', line: 1, column: 1 });

/** Rewrites the declaration for the UTF-8 re-encoding, so the XSD engine reads what we read. */
const asUtf8Declaration = (text: string): string => text.replace(/^(<\?xml\s[^?>]*?\bencoding\s*=\s*["'])[^"']*(["'])/, '$1UTF-8$2');

const reencoded = (text: string, encoding: string, warnings: Finding[]): Decoded => {
  const fixed = asUtf8Declaration(text);
  return { ok: true, text: fixed, utf8: Buffer.from(fixed, 'utf8'), encoding, warnings };
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text; when its declaration says otherwise (`overruled`), the declaration is rewritten and a warning says why. */
function decodeUtf8(b: Uint8Array, bom: number, declared: string, overruled?: Finding): Decoded {
  try {
    const text = strictUtf8.decode(b); // drops the byte order mark
    return overruled ? reencoded(text, 'UTF-8', [overruled]) : { ok: true, text, utf8: b, encoding: 'UTF-8', warnings: [] };
  } catch {
    const at = Math.max(bom, invalidUtf8Offset(b, bom));
    const where = position(strictUtf8.decode(b.subarray(0, at)));
    const hex = Array.from(b.subarray(at, at + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
    return {
      ok: false,
      finding: fatal(
        'XML-ENCODING',
        `the document ${declared} but byte ${at} (${hex}…) is not valid UTF-8: it was probably written in ISO-8859-1 or Windows-1252; declare the real encoding`,
        { location: `byte ${at}`, ...where },
      ),
    };
  }
}

/** A Latin-1 declaration over bytes that read as UTF-8 multibyte text: "é" would become "Ã©". */
function utf8UnderLatinDeclaration(b: Uint8Array, encoding: string): Finding | undefined {
  const firstHigh = b.findIndex((x) => x >= 0x80);
  if (firstHigh < 0 || invalidUtf8Offset(b, firstHigh) >= 0) return undefined;
  return warning(
    'XML-ENCODING',
    `the document declares ${encoding} but its bytes from offset ${firstHigh} are UTF-8 sequences: read as declared, accented letters come out garbled; declare UTF-8`,
    { location: `byte ${firstHigh}` },
  );
}

function decodeUtf16(b: Uint8Array, family: 'utf-16le' | 'utf-16be', bom: number): Decoded {
  const body = Buffer.from(b.buffer, b.byteOffset + bom, b.byteLength - bom);
  if (body.length % 2 === 1) {
    return { ok: false, finding: fatal('XML-ENCODING', `the document is UTF-16 but has an odd number of bytes (${b.byteLength}): it is truncated or not UTF-16`, { location: `byte ${b.byteLength - 1}` }) };
  }
  const text = iconv.decode(body, family, { stripBOM: false });
  const declared = declaredEncoding(text.slice(0, 256));
  const warnings = declared !== undefined && !isUtf16(declared) ? [overruledDeclaration(declared, bom ? 'a UTF-16 byte order mark' : 'a declaration itself written in UTF-16', 'UTF-16')] : [];
  if (!text.isWellFormed()) {
    const at = text.search(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    return { ok: false, finding: fatal('XML-ENCODING', `UTF-16 text with an unpaired surrogate at byte ${bom + at * 2}`, { location: `byte ${bom + at * 2}`, ...position(text.slice(0, at)) }) };
  }
  return reencoded(text, family === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE', warnings);
}

export function decodeXml(b: Uint8Array): Decoded {
  const sniffed = sniff(b);
  if ('unsupported' in sniffed) return { ok: false, finding: fatal('XML-ENCODING', `${sniffed.unsupported} documents are not accepted: send UTF-8, UTF-16 or ISO-8859-1`, { location: 'byte 0' }) };
  if (sniffed.family !== 'utf-8') return decodeUtf16(b, sniffed.family, sniffed.bom);
  const declared = declaredEncoding(Buffer.from(b.buffer, b.byteOffset + sniffed.bom, Math.min(256, b.byteLength - sniffed.bom)).toString('latin1'));
  if (declared === undefined || isUtf8(declared)) {
    return decodeUtf8(b, sniffed.bom, declared === undefined ? (sniffed.bom ? 'has a UTF-8 byte order mark' : 'declares no encoding, so it is UTF-8,') : `declares ${declared}`);
  }
  if (sniffed.bom) return decodeUtf8(b, sniffed.bom, 'has a UTF-8 byte order mark', overruledDeclaration(declared, 'a UTF-8 byte order mark', 'UTF-8'));
  // A common tool bug (a UTF-16 string's declaration saved as UTF-8): single bytes cannot be UTF-16.
  if (isUtf16(declared)) return decodeUtf8(b, 0, `declares ${declared} in single bytes, so is read as UTF-8,`, overruledDeclaration(declared, 'single-byte text', 'UTF-8'));
  // (String(): the library's type guard would otherwise narrow `declared` away in the message)
  if (!iconv.encodingExists(String(declared))) {
    return { ok: false, finding: fatal('XML-ENCODING', `the document declares ${declared}, an encoding this service does not know: send UTF-8, UTF-16 or ISO-8859-1`, { location: 'byte 0', line: 1, column: 1 }) };
  }
  const body = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (/^(us-)?ascii$/.test(canonical(declared))) {
    const at = body.findIndex((x) => x >= 0x80);
    if (at >= 0) return { ok: false, finding: fatal('XML-ENCODING', `the document declares ${declared} but byte ${at} is not ASCII`, { location: `byte ${at}`, ...position(body.subarray(0, at).toString('latin1')) }) };
  }
  const mislabelled = isLatin(declared) ? utf8UnderLatinDeclaration(b, declared) : undefined;
  return reencoded(iconv.decode(body, declared), declared.toUpperCase(), mislabelled ? [mislabelled] : []);
}
