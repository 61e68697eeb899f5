import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeXml, invalidUtf8Offset } from './decode.ts';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const doc = (encoding: string | undefined, body = 'Mairie de Sète – 12 €') =>
  `${encoding === undefined ? '' : `<?xml version="1.0" encoding="${encoding}"?>\n`}<Invoice xmlns="${UBL}"><Note>${body}</Note></Invoice>`;
const utf8Text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('decodeXml: what the bytes say of themselves', () => {
  it('reads UTF-8 with and without a byte order mark or declaration, and hands the same bytes to the XSD engine', () => {
    for (const text of [doc('UTF-8'), doc(undefined), doc('utf8')]) {
      const bytes = Buffer.from(text);
      const r = decodeXml(bytes);
      expect(r).toMatchObject({ ok: true, text, encoding: 'UTF-8', warnings: [] });
      if (r.ok) expect(r.utf8).toBe(bytes);
    }
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('UTF-8'))]);
    expect(decodeXml(withBom)).toMatchObject({ ok: true, text: doc('UTF-8') });
  });

  it('reads UTF-16 by its byte order mark, or by "<?" in two bytes, and re-encodes it as UTF-8 with its declaration', () => {
    const text = doc('UTF-16');
    const cases = [
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]),
      iconv.encode(text, 'utf-16le'),
      iconv.encode(text, 'utf-16be'),
    ];
    for (const bytes of cases) {
      const r = decodeXml(bytes);
      expect(r).toMatchObject({ ok: true, text: doc('UTF-8'), warnings: [] });
      if (r.ok) expect(utf8Text(r.utf8)).toBe(doc('UTF-8'));
    }
  });

  it('reads ISO-8859-1 and Windows-1252 as declared (the euro sign is 0x80 only in the latter)', () => {
    const latin = decodeXml(iconv.encode(doc('ISO-8859-1', 'Sète'), 'latin1'));
    expect(latin).toMatchObject({ ok: true, text: doc('UTF-8', 'Sète'), encoding: 'ISO-8859-1', warnings: [] });
    if (latin.ok) expect(utf8Text(latin.utf8)).toBe(doc('UTF-8', 'Sète'));
    expect(decodeXml(iconv.encode(doc('windows-1252'), 'windows-1252'))).toMatchObject({ ok: true, text: doc('UTF-8') });
  });

  it('refuses bytes that are not the UTF-8 they claim, at the byte, line and column where they stop being so', () => {
    for (const declared of ['UTF-8', undefined]) {
      const bytes = iconv.encode(doc(declared), 'latin1');
      const at = bytes.indexOf(0xe8); // è in Latin-1
      const r = decodeXml(bytes);
      expect(r).toMatchObject({ ok: false, finding: { rule: 'XML-ENCODING', severity: 'fatal', location: `byte ${at}`, line: declared ? 2 : 1 } });
      if (!r.ok) expect(r.finding.message).toContain(`byte ${at}`);
    }
  });

  it('warns when a Latin-1 declaration sits on UTF-8 text ("é" would read "Ã©"), and reads it as declared', () => {
    const r = decodeXml(Buffer.from(doc('ISO-8859-1')));
    expect(r).toMatchObject({ ok: true, warnings: [{ rule: 'XML-ENCODING', severity: 'warning' }] });
    if (r.ok) expect(r.text).toContain('SÃ¨te');
  });

  it('lets an unambiguous byte order mark, or single bytes, overrule a wrong declaration, with a warning', () => {
    const utf16DeclaredUtf8 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(doc('UTF-8'), 'utf-16le')]);
    const utf8DeclaredUtf16 = Buffer.from(doc('utf-16')); // a classic of .NET StringWriter output
    const bomDeclaredLatin = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('ISO-8859-1'))]);
    for (const bytes of [utf16DeclaredUtf8, utf8DeclaredUtf16, bomDeclaredLatin]) {
      const r = decodeXml(bytes);
      expect(r).toMatchObject({ ok: true, text: doc('UTF-8'), warnings: [{ rule: 'XML-ENCODING', severity: 'warning' }] });
      if (r.ok) expect(utf8Text(r.utf8).replace(/^\uFEFF/, '')).toBe(doc('UTF-8'));
    }
  });

  it('refuses unknown or unsupported encodings and impossible UTF-16', () => {
    const rule = (b: Uint8Array) => {
      const r = decodeXml(b);
      return r.ok ? 'ok' : `${r.finding.rule} ${r.finding.severity}`;
    };
    expect(rule(Buffer.from(doc('x-klingon')))).toBe('XML-ENCODING fatal');
    expect(rule(Buffer.from(doc('US-ASCII')))).toBe('XML-ENCODING fatal');
    expect(rule(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.alloc(8)]))).toBe('XML-ENCODING fatal');
    expect(rule(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(doc('UTF-16'), 'utf-16le'), Buffer.from([0x3c])]))).toBe('XML-ENCODING fatal');
    const loneSurrogate = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(doc('UTF-16', 'Z'), 'utf-16le')]);
    loneSurrogate.writeUInt16LE(0xd800, loneSurrogate.indexOf(Buffer.from('Z', 'utf16le')));
    expect(rule(loneSurrogate)).toBe('XML-ENCODING fatal');
  });
});

describe('invalidUtf8Offset', () => {
  it('finds overlong forms, surrogates, code points past U+10FFFF and cut sequences (RFC 3629)', () => {
    const at = (...bytes: number[]) => invalidUtf8Offset(Uint8Array.from([0x41, ...bytes]));
    expect(at(0xc0, 0x80)).toBe(1);
    expect(at(0xe0, 0x80, 0x80)).toBe(1);
    expect(at(0xed, 0xa0, 0x80)).toBe(1);
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(1);
    expect(at(0xf5, 0x80, 0x80, 0x80)).toBe(1);
    expect(at(0xe2, 0x82)).toBe(1);
    expect(at(0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9)).toBe(-1);
  });

  it('agrees with the platform decoder on any bytes, and accepts any encoded string', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(invalidUtf8Offset(bytes) < 0).toBe(valid);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(invalidUtf8Offset(Buffer.from(s, 'utf8'))).toBe(-1);
      }),
    );
  });
});
