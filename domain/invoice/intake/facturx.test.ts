import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../../platform/xsd/libxml2.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../../tests/support/paths.ts';
import { ascii85Of, asciiHexOf, lzwOf, runLengthOf } from './encoders.ts';
import { buildPdf, facturxXmp, flateFile, type PdfFile, type PdfShape } from './hostile.ts';
import { facturxProperties, pdfaIdentification } from './pdf/metadata.ts';
import { intake, type IntakeResult } from './index.ts';

const facturx = (name: string) => readFileSync(join(SAMPLES_DIR, 'facturx', name));
const cii = readFileSync(join(SAMPLES_DIR, 'en16931/cii/CII_example1.xml'));
const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'));
const rules = (r: IntakeResult) => (r.ok ? r.warnings.map((w) => `${w.rule} (warning)`) : r.findings.map((f) => f.rule));
const catalog = openSchemaCatalog(SCHEMA_DIR);

describe('Factur-X: the reference PDFs (shared/samples/facturx)', () => {
  it.each([
    ['MINIMUM_Rechnung_fx.pdf', 'factur-x.xml', 'minimum', 'facturx-minimum'],
    ['BASIC-WL_Einfach_fx.pdf', 'factur-x.xml', 'basicwl', 'facturx-basicwl'],
    ['BASIC_Einfach_fx.pdf', 'factur-x.xml', 'basic', 'facturx-basic'],
    ['EN16931_Einfach_fx.pdf', 'factur-x.xml', 'en16931', 'facturx-en16931'],
    ['EXTENDED_Warenrechnung_fx.pdf', 'factur-x.xml', 'extended', 'facturx-extended'],
    ['EXTENDED_Projektabschlussrechnung_fx.pdf', 'factur-x.xml', 'extended', 'facturx-extended'],
    ['XRECHNUNG_Einfach_fx.pdf', 'xrechnung.xml', 'xrechnung', 'cii-d16b'],
    ['ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf', 'zugferd-invoice.xml', 'extended', 'facturx-extended'],
    ['validAvoir_FR_type380_BASICWL.pdf', 'factur-x.xml', 'basicwl', 'facturx-basicwl'],
    ['invoice_EN16931.pdf', 'factur-x.xml', 'en16931', 'facturx-en16931'],
  ])('%s: %s, profile %s, valid against %s', (file, attachmentName, profile, schema) => {
    const r = intake(facturx(file));
    expect(r).toMatchObject({ ok: true, format: 'facturx', syntax: 'cii', attachmentName, profile, schema, warnings: [] });
    if (r.ok) {
      expect(r.xml).toContain('CrossIndustryInvoice');
      expect(catalog.validator(r.schema).validate(r.xmlBytes)).toEqual([]);
    }
  });

  it('says the PDF without attachment is not Factur-X', () => {
    const r = intake(facturx('MustangGnuaccountingBeispielRE-20201121_508blankoA3.pdf'));
    expect(r).toMatchObject({ ok: false, findings: [{ rule: 'FACTURX-NO-XML', severity: 'fatal' }] });
    expect(!r.ok && r.findings[0]?.message).toContain('no attached file');
  });
});

describe('Factur-X: hand-built PDFs', () => {
  const shapes: [string, Omit<PdfShape, 'files'>][] = [
    ['xref table, name tree and /AF', {}],
    ['xref table, name tree only', { listed: 'names' }],
    ['xref table, /AF only', { listed: 'af' }],
    ['xref stream with PNG predictor, dictionaries in an object stream', { xref: 'stream' }],
    ['xref stream, /AF only', { xref: 'stream', listed: 'af' }],
  ];
  it.each(shapes)('finds factur-x.xml through a %s', (_, shape) => {
    expect(intake(buildPdf({ ...shape, files: [flateFile('factur-x.xml', cii)] }))).toMatchObject({ ok: true, attachmentName: 'factur-x.xml', xml: cii.toString('utf8') });
  });

  it('takes factur-x.xml among several XML attachments and names the others in a warning', () => {
    const r = intake(buildPdf({ files: [flateFile('zugferd-invoice.xml', cii), flateFile('notes.xml', '<x/>'), flateFile('factur-x.xml', cii)] }));
    expect(r).toMatchObject({ ok: true, attachmentName: 'factur-x.xml' });
    expect(rules(r)).toEqual(['FACTURX-ATTACHMENTS (warning)']);
    expect(r.ok && r.warnings[0]?.message).toContain('zugferd-invoice.xml, notes.xml ignored');
  });

  it('reads an XML attachment under another name, with a warning; other files are no invoice', () => {
    expect(rules(intake(buildPdf({ files: [flateFile('Invoice 42.XML', cii), flateFile('delivery.pdf', '%PDF-1.4')] })))).toEqual(['FACTURX-ATTACHMENTS (warning)']);
    const r = intake(buildPdf({ files: [flateFile('delivery.pdf', '%PDF-1.4')] }));
    expect(rules(r)).toEqual(['FACTURX-NO-XML']);
    expect(!r.ok && r.findings[0]?.message).toContain('it carries delivery.pdf');
    expect(rules(intake(buildPdf({ files: [] })))).toEqual(['FACTURX-NO-XML']);
  });

  it('reads an attachment stored without compression', () => {
    expect(intake(buildPdf({ files: [{ name: 'factur-x.xml', stored: cii }] }))).toMatchObject({ ok: true, format: 'facturx' });
  });

  const filtered: [string, Omit<PdfFile, 'name'>][] = [
    ['ASCIIHexDecode', { stored: asciiHexOf(cii), filter: '/ASCIIHexDecode' }],
    ['ASCII85Decode over FlateDecode, abbreviated', { stored: ascii85Of(deflateSync(cii)), filter: '[/A85 /Fl]' }],
    ['RunLengthDecode', { stored: runLengthOf(cii), filter: '/RunLengthDecode' }],
    ['LZWDecode', { stored: lzwOf(cii), filter: '/LZWDecode' }],
    ['LZWDecode with EarlyChange 0', { stored: lzwOf(cii, 0), filter: '/LZWDecode', parms: '<< /EarlyChange 0 >>' }],
    ['ASCIIHexDecode over LZWDecode, parameters for each', { stored: asciiHexOf(lzwOf(cii, 0)), filter: '[/AHx /LZW]', parms: '[null << /EarlyChange 0 >>]' }],
  ];
  it.each(filtered)('reads an attachment stored with %s', (_, file) => {
    for (const xref of ['table', 'stream'] as const) {
      expect(intake(buildPdf({ xref, files: [{ name: 'factur-x.xml', ...file }] }))).toMatchObject({ ok: true, attachmentName: 'factur-x.xml', xml: cii.toString('utf8') });
    }
  });

  it('refuses a UBL invoice where Factur-X carries CII, and anything that is not an invoice', () => {
    const r = intake(buildPdf({ files: [flateFile('factur-x.xml', ubl)] }));
    expect(rules(r)).toEqual(['FORMAT-UNSUPPORTED']);
    expect(!r.ok && r.findings[0]?.message).toContain('UBL Invoice');
    expect(intake(buildPdf({ files: [flateFile('factur-x.xml', '<Order/>')] }))).toMatchObject({ ok: false, findings: [{ rule: 'FORMAT-UNSUPPORTED', location: 'factur-x.xml, /Order' }] });
  });

  it('guards the attachment like any XML upload, and says the finding is about the attachment', () => {
    const r = intake(buildPdf({ files: [flateFile('factur-x.xml', `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${cii.toString('utf8')}`)] }));
    expect(r).toMatchObject({ ok: false, findings: [{ rule: 'XML-DOCTYPE', location: 'factur-x.xml, character 0' }] });
  });

  it('validates an unknown guideline against plain CII D16B, with a warning', () => {
    const r = intake(buildPdf({ files: [flateFile('factur-x.xml', cii.toString('utf8').replace('urn:cen.eu:en16931:2017', 'urn:example:cius'))] }));
    expect(r).toMatchObject({ ok: true, schema: 'cii-d16b', warnings: [{ rule: 'FACTURX-PROFILE', term: 'BT-24', severity: 'warning' }] });
    expect(r.ok && r.profile).toBeUndefined();
  });
});

describe('Factur-X: the XMP metadata against what was read', () => {
  const files = [flateFile('factur-x.xml', cii)];
  const xmpWarnings = (r: IntakeResult) => (r.ok ? r.warnings.filter((w) => w.rule === 'FACTURX-XMP').map((w) => w.message) : ['refused']);

  it('says nothing when the conformance level and file name are the invoice\'s, in any case', () => {
    expect(xmpWarnings(intake(buildPdf({ files })))).toEqual([]);
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { level: 'En 16931', file: 'Factur-X.xml' } })))).toEqual([]);
  });

  it('warns when the PDF declares no profile, another profile, or another file, and still reads the XML', () => {
    const none = intake(buildPdf({ files, xmp: false }));
    expect(none).toMatchObject({ ok: true, profile: 'en16931' });
    expect(xmpWarnings(none)).toEqual([expect.stringContaining('no Factur-X profile in its XMP metadata (fx:ConformanceLevel; it has no metadata)')]);
    const basic = intake(buildPdf({ files, xmp: { level: 'BASIC' } }));
    expect(basic).toMatchObject({ ok: true, profile: 'en16931', schema: 'facturx-en16931', warnings: [{ rule: 'FACTURX-XMP', term: 'BT-24', location: 'XMP metadata' }] });
    expect(xmpWarnings(basic)).toEqual([expect.stringContaining('conformance level BASIC, but the XML')]);
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { file: 'zugferd-invoice.xml' } })))).toEqual([expect.stringContaining('names zugferd-invoice.xml as the invoice, but the attachment read is factur-x.xml')]);
    const corrupt = Buffer.from(buildPdf({ files }).toString('latin1').replace('/Subtype /XML', '/Subtype /XML /Filter /FlateDecode'), 'latin1');
    expect(xmpWarnings(intake(corrupt))).toEqual([expect.stringContaining('the XMP metadata cannot be read (the PDF cannot be read: the compressed data of the XMP metadata is corrupt')]);
  });

  it('warns when the PDF does not declare itself a PDF/A-3 of level A, B or U', () => {
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { pdfa: { part: '3', conformance: 'u' } } })))).toEqual([]);
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { pdfa: false } })))).toEqual([expect.stringContaining('declares no PDF/A part (pdfaid:part)')]);
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { pdfa: { part: '1', conformance: 'B' } } })))).toEqual([
      'the XMP metadata declares PDF/A-1B: Factur-X requires PDF/A-3, the part that allows an attached invoice; the attachment factur-x.xml was read regardless',
    ]);
    expect(xmpWarnings(intake(buildPdf({ files, xmp: { pdfa: { part: '3' } } })))).toEqual([expect.stringContaining('PDF/A-3 without a conformance level A, B or U (pdfaid:conformance is missing)')]);
    expect(pdfaIdentification('<rdf:Description xmlns:p="http://www.aiim.org/pdfa/ns/id/" p:part="3" p:conformance="A"/>')).toEqual({ part: '3', conformance: 'A' });
  });

  it('reads the properties as elements or attributes, under the Factur-X or ZUGFeRD namespace only', () => {
    const about = (ns: string, body: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description rdf:about="" xmlns:zf="${ns}" ${body}</rdf:RDF></x:xmpmeta>`;
    expect(facturxProperties(facturxXmp('EXTENDED', 'factur-x.xml'))).toEqual({ conformanceLevel: 'EXTENDED', documentFileName: 'factur-x.xml' });
    expect(facturxProperties(about('urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#', 'zf:ConformanceLevel="EN 16931" zf:DocumentFileName=\'zugferd-invoice.xml\'/>'))).toEqual({
      conformanceLevel: 'EN 16931',
      documentFileName: 'zugferd-invoice.xml',
    });
    // The PDF/A extension schema names the property too, as text: that is not its value.
    expect(facturxProperties(about('urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#', '><pdfaProperty:name>ConformanceLevel</pdfaProperty:name></rdf:Description>'))).toEqual({});
    expect(facturxProperties(about('urn:example:other', '><zf:ConformanceLevel>BASIC</zf:ConformanceLevel></rdf:Description>'))).toEqual({});
  });
});
