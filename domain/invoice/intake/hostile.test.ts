import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../../platform/xsd/libxml2.ts';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../../../tests/support/paths.ts';
import { lzwOf, runLengthOf } from './encoders.ts';
import { billionLaughs, buildPdf, deepXml, doubleFlateBomb, externalEntity, flateFile, quadraticBlowup, rawPdf, zlibOfZeros } from './hostile.ts';
import { intake, type IntakeResult } from './index.ts';

const HOSTILE_DIR = join(ROOT, 'fixtures/hostile');
const cii = readFileSync(join(SAMPLES_DIR, 'en16931/cii/CII_example1.xml'));
const rules = (r: IntakeResult) => (r.ok ? [] : r.findings.map((f) => f.rule));
const firstMessage = (r: IntakeResult) => (r.ok ? '' : (r.findings[0]?.message ?? ''));
/** Every offset after the header made wrong, as a tool that edits a PDF without rewriting it does. */
const shift = (pdf: Buffer) => Buffer.concat([pdf.subarray(0, 9), Buffer.from('%% inserted by a careless tool\n'), pdf.subarray(9)]);

describe('hostile XML: refused before any parser', () => {
  it.each(readdirSync(HOSTILE_DIR).filter((f) => f.endsWith('.xml')))('fixtures/hostile/%s', (file) => {
    const expected = file.split('.').at(-2);
    expect(intake(readFileSync(join(HOSTILE_DIR, file)))).toMatchObject({ ok: false, findings: [{ rule: expected, severity: 'fatal' }] });
  });

  it('refuses external entities, entity bombs and quadratic blow-up by their DOCTYPE, at its line', () => {
    for (const text of [externalEntity('file:///etc/passwd'), externalEntity('http://169.254.169.254/latest/meta-data/'), billionLaughs(), quadraticBlowup()]) {
      expect(intake(Buffer.from(text))).toMatchObject({ ok: false, findings: [{ rule: 'XML-DOCTYPE', severity: 'fatal', line: text.startsWith('<?xml version="1.0"?>\n') ? 2 : 1 }] });
    }
  });

  it('finds a DOCTYPE in UTF-16 as well: the guard reads decoded text', () => {
    expect(rules(intake(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(billionLaughs(), 'utf-16le')])))).toEqual(['XML-DOCTYPE']);
  });

  it('refuses 100,000-deep nesting at the first element past the limit, with where it is', () => {
    const deep = deepXml(100_000);
    const r = intake(Buffer.from(deep));
    // The root is level 1: the 256th <a> is level 257.
    expect(r).toMatchObject({ ok: false, findings: [{ rule: 'XML-TOO-DEEP', severity: 'fatal', line: 1, column: deep.indexOf('<a>') + 3 * 255 + 1 }] });
    expect(rules(intake(Buffer.from(deepXml(20)), { maxDepth: 10 }))).toEqual(['XML-TOO-DEEP']);
    expect(intake(Buffer.from(deepXml(20)), { maxDepth: 21 }).ok).toBe(true);
  });

  it('refuses a document over the size cap without decoding it', () => {
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
    Buffer.from(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">`).copy(huge);
    expect(intake(huge)).toMatchObject({ ok: false, findings: [{ rule: 'XML-TOO-LARGE', message: expect.stringContaining('20971521 bytes') as string }] });
  });

  it('leaves malformed XML to the XSD engine, which reports it with its line', () => {
    const malformed = Buffer.from(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">\n<a><b></a>\n</Invoice>`);
    const r = intake(malformed);
    expect(r).toMatchObject({ ok: true, schema: 'ubl-invoice' });
    if (r.ok) expect(openSchemaCatalog(SCHEMA_DIR).validator(r.schema).validate(r.xmlBytes)[0]).toMatchObject({ level: 'fatal', line: 2 });
  });
});

describe('hostile PDF: a structured finding, never a crash or a stall', () => {
  const sample = readFileSync(join(SAMPLES_DIR, 'facturx/EN16931_Einfach_fx.pdf'));

  it('stops a ~10 KB attachment that inflates to 4 GiB through two FlateDecode stages at the cap', () => {
    const bomb = doubleFlateBomb(4);
    expect(bomb.length).toBeLessThan(16 * 1024);
    const r = intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: bomb, filter: '[/FlateDecode /FlateDecode]' }] }));
    expect(r).toMatchObject({ ok: false, findings: [{ rule: 'FACTURX-BOMB', severity: 'fatal' }] });
    expect(firstMessage(r)).toContain('factur-x.xml');
  });

  it('stops an LZWDecode bomb too, and tells a long run-length attachment (at most 64:1) from one', () => {
    const zeros = Buffer.alloc(4_000_000);
    const r = intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: lzwOf(zeros), filter: '/LZWDecode' }] }), { maxXmlBytes: 1_000_000 });
    expect(rules(r)).toEqual(['FACTURX-BOMB']);
    expect(firstMessage(r)).toMatch(/factur-x\.xml is a decompression bomb: its \d+ stored bytes expand past 1000000 bytes/);
    const runs = intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: runLengthOf(zeros), filter: '/RunLengthDecode' }] }), { maxXmlBytes: 1_000_000 });
    expect(rules(runs)).toEqual(['XML-TOO-LARGE']);
  });

  it('tells a 1 GiB single-stage bomb from an attachment that is merely too large', () => {
    expect(rules(intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: zlibOfZeros(1024), filter: '/FlateDecode' }] })))).toEqual(['FACTURX-BOMB']);
    const bigButPlain = Buffer.from(cii.toString('utf8').repeat(40));
    expect(rules(intake(buildPdf({ files: [flateFile('factur-x.xml', bigButPlain)] }), { maxXmlBytes: bigButPlain.length - 1 }))).toEqual(['XML-TOO-LARGE']);
  });

  it('stops a bomb in the PDF structure (a cross-reference stream) too, and caps all streams together', () => {
    const bomb = doubleFlateBomb(1);
    const xrefBomb = Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter [/FlateDecode /FlateDecode] /Length ${bomb.length} >>\nstream\n`),
      bomb,
      Buffer.from('\nendstream\nendobj\nstartxref\n9\n%%EOF\n'),
    ]);
    expect(rules(intake(xrefBomb))).toEqual(['FACTURX-BOMB']);
    expect(rules(intake(buildPdf({ files: [flateFile('factur-x.xml', cii)] }), { maxInflatedBytes: 1000 }))).toEqual(['FACTURX-BOMB']);
  });

  it('says a PDF without an XML attachment, and one with two, is what it is', () => {
    expect(rules(intake(buildPdf({ files: [] })))).toEqual(['FACTURX-NO-XML']);
    const two = intake(buildPdf({ files: [flateFile('factur-x.xml', cii), flateFile('xrechnung.xml', cii)] }));
    expect(two).toMatchObject({ ok: true, attachmentName: 'factur-x.xml', warnings: [{ rule: 'FACTURX-ATTACHMENTS', severity: 'warning' }] });
  });

  it('refuses a truncated PDF, wherever it was cut', () => {
    for (const cut of [0.3, 0.6, 0.99]) {
      const r = intake(sample.subarray(0, Math.floor(sample.length * cut)));
      expect(rules(r), String(cut)).toEqual(['PDF-MALFORMED']);
      expect(firstMessage(r)).toContain('truncated');
    }
    expect(rules(intake(Buffer.from('%PDF-1.4\n')))).toEqual(['PDF-MALFORMED']);
  });

  it('repairs offsets that lie, by scanning for the objects, in tables and in streams', () => {
    expect(intake(shift(sample))).toMatchObject({ ok: true, profile: 'en16931' });
    const pdf15 = readFileSync(join(SAMPLES_DIR, 'facturx/ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf'));
    expect(intake(shift(pdf15))).toMatchObject({ ok: true, attachmentName: 'zugferd-invoice.xml' });
    expect(intake(shift(buildPdf({ files: [flateFile('factur-x.xml', cii)], xref: 'stream' })))).toMatchObject({ ok: true });
  });

  it('repairs offsets around an attachment kept uncompressed without taking its objects and trailer for the file\'s', () => {
    // An attached PDF (a delivery note, say) stored as is: objects numbered like the outer file's, and a trailer.
    const note = Buffer.from(buildPdf({ files: [{ name: 'readme.txt', stored: Buffer.from('stored as is') }] }).toString('latin1').replace('/Root 1 0 R', '/Root 3 0 R'), 'latin1');
    const files = [flateFile('factur-x.xml', cii), { name: 'note.pdf', stored: note }];
    for (const xref of ['table', 'stream'] as const) {
      const pdf = buildPdf({ files, xref }).toString('latin1');
      expect(intake(shift(Buffer.from(pdf, 'latin1'))), xref).toMatchObject({ ok: true, attachmentName: 'factur-x.xml' });
      // The note's /Length by reference, to an object after it, as qpdf's QDF mode writes them.
      const end = pdf.lastIndexOf('startxref');
      const byReference = `${pdf.slice(0, end)}99 0 obj\n${note.length}\nendobj\n${pdf.slice(end)}`.replace(`/Length ${note.length} >>`, '/Length 99 0 R >>');
      expect(intake(shift(Buffer.from(byReference, 'latin1'))), xref).toMatchObject({ ok: true, attachmentName: 'factur-x.xml' });
    }
  });

  it('reads a complete PDF padded after its end or without startxref, and still refuses one cut off', () => {
    const pdf = buildPdf({ files: [flateFile('factur-x.xml', cii)] });
    expect(intake(Buffer.concat([pdf, Buffer.alloc(10_000)]))).toMatchObject({ ok: true });
    expect(intake(Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+\n/, ''), 'latin1'))).toMatchObject({ ok: true });
    // An object begun after the end is an update cut off, not padding.
    const cutUpdate = intake(Buffer.concat([pdf, Buffer.from('9 0 obj\n<< /Type /Catalog'), Buffer.alloc(3000, 0x20)]));
    expect(rules(cutUpdate)).toEqual(['PDF-MALFORMED']);
    expect(firstMessage(cutUpdate)).toContain('truncated');
  });

  it('stops the repair scan of a file made of damaged streams at the work meter', () => {
    const damaged = intake(Buffer.from(`%PDF-1.7\n${'1 0 obj (stream '.repeat(100_000)}\nstartxref\n0\n%%EOF\n`, 'latin1'));
    expect(rules(damaged)).toEqual(['PDF-MALFORMED']);
    expect(firstMessage(damaged)).toContain('over the same bytes again and again');
  });

  it('refuses an encrypted PDF: PDF/A-3 forbids encryption', () => {
    for (const xref of ['table', 'stream'] as const) {
      expect(rules(intake(buildPdf({ files: [flateFile('factur-x.xml', cii)], xref, trailer: '/Encrypt << /Filter /Standard >>' })))).toEqual(['PDF-ENCRYPTED']);
    }
  });

  it('survives loops: /Prev to itself, a reference to itself, a name tree that is its own kid', () => {
    const files = [flateFile('factur-x.xml', cii)];
    const prevLoop = buildPdf({ files }).toString('latin1');
    const at = /startxref\n(\d+)/.exec(prevLoop)![1]!;
    expect(intake(Buffer.from(prevLoop.replace('/Root 1 0 R', `/Root 1 0 R /Prev ${at}`), 'latin1'))).toMatchObject({ ok: true });
    expect(rules(intake(rawPdf(['<< /Type /Catalog /Names 2 0 R >>', '2 0 R'])))).toEqual(['PDF-MALFORMED']);
    const kidsLoop = rawPdf([
      '<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>',
      '<< /Kids [2 0 R 3 0 R] >>',
      '<< /Names [(factur-x.xml) 4 0 R] /Kids [2 0 R] >>',
      '<< /Type /Filespec /F (factur-x.xml) /EF << /F 5 0 R >> >>',
      { dict: '/Type /EmbeddedFile', data: cii },
    ]);
    expect(intake(kidsLoop)).toMatchObject({ ok: true, attachmentName: 'factur-x.xml' });
  });

  it('refuses arrays nested 100,000 deep, corrupt compressed data, image filters and stray bytes', () => {
    expect(rules(intake(rawPdf([`<< /Type /Catalog /AF ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`])))).toEqual(['PDF-MALFORMED']);
    const corrupt = Buffer.from(deflateSync(cii));
    corrupt.fill(0xff, 10, 40);
    expect(rules(intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: corrupt, filter: '/FlateDecode' }] })))).toEqual(['PDF-MALFORMED']);
    const image = intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: cii, filter: '/DCTDecode' }] }));
    expect(rules(image)).toEqual(['PDF-MALFORMED']);
    expect(firstMessage(image)).toContain('encoded with DCTDecode');
    expect(rules(intake(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0xa5), Buffer.from('\nstartxref\n9\n%%EOF')])))).toEqual(['PDF-MALFORMED']);
  });

  it('turns any random damage to a Factur-X PDF into a result, never an exception', () => {
    const pdfs = readdirSync(join(SAMPLES_DIR, 'facturx'))
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => readFileSync(join(SAMPLES_DIR, 'facturx', f)));
    // PDF syntax most likely to lead a reader astray, and numbers where offsets, counts and lengths are.
    const token = fc.constantFrom('<<', '>>', '[', ']', '(', ')', ' R ', ' obj ', 'endobj', 'stream\n', '\nendstream', '/Length 99999999', '-1', ' 9999999999 0 R', '/Type /ObjStm /N 99999 /First -5', '/Prev 0', 'xref\n0 99999999\n', 'startxref\n1\n%%EOF', '/Kids [1 0 R]', '/W [9 9 9]', '<FEFF', '%', '\\');
    const number = fc.constantFrom('0', '-1', '99999999999', '4294967296', '2147483647', '17');
    // Where: anywhere, or in the last 4 KB, where the cross-reference and the trailer are.
    const at = fc.record({ tail: fc.boolean(), x: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) });
    const position = (pdf: Buffer, p: { tail: boolean; x: number }) => (p.tail ? pdf.length - 1 - Math.floor(p.x * Math.min(pdf.length, 4096)) : Math.floor(p.x * pdf.length));
    const edit: fc.Arbitrary<(pdf: Buffer) => Buffer> = fc.oneof(
      fc.record({ at, byte: fc.integer({ min: 0, max: 255 }) }).map((e) => (pdf: Buffer) => {
        const copy = Buffer.from(pdf);
        if (copy.length > 0) copy[position(pdf, e.at)] = e.byte;
        return copy;
      }),
      at.map((p) => (pdf: Buffer) => pdf.subarray(0, position(pdf, p))),
      fc.record({ at, token }).map((e) => (pdf: Buffer) => Buffer.concat([pdf.subarray(0, position(pdf, e.at)), Buffer.from(e.token, 'latin1'), pdf.subarray(position(pdf, e.at))])),
      fc.record({ at, length: fc.integer({ min: 1, max: 300 }) }).map((e) => (pdf: Buffer) => Buffer.concat([pdf.subarray(0, position(pdf, e.at)), pdf.subarray(position(pdf, e.at) + e.length)])),
      // A stream's filter swapped for another: each decoder gets data made for another.
      fc.record({ which: fc.nat(), filter: fc.constantFrom('/LZWDecode', '/ASCII85Decode', '/ASCIIHexDecode', '/RunLengthDecode', '[/FlateDecode /LZWDecode]', '/DCTDecode') }).map((e) => (pdf: Buffer) => {
        const text = pdf.toString('latin1');
        const filters = [...text.matchAll(/\/FlateDecode/g)];
        const m = filters[e.which % Math.max(1, filters.length)];
        return m ? Buffer.from(text.slice(0, m.index) + e.filter + text.slice(m.index + m[0].length), 'latin1') : pdf;
      }),
      fc.record({ which: fc.nat(), number }).map((e) => (pdf: Buffer) => {
        const text = pdf.toString('latin1');
        const numbers = [...text.matchAll(/\d+/g)];
        const m = numbers[e.which % Math.max(1, numbers.length)];
        return m ? Buffer.from(text.slice(0, m.index) + e.number + text.slice(m.index + m[0].length), 'latin1') : pdf;
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: pdfs.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        const r = intake(edits.reduce<Buffer>((pdf, damage) => damage(pdf), pdfs[i]!));
        expect(r.ok || r.findings.every((f) => f.severity === 'fatal' && f.rule.length > 0 && f.message.length > 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
