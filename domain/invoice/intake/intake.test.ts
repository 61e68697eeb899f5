import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../../tests/support/examples.ts';
import { SAMPLES_DIR } from '../../../tests/support/paths.ts';
import { buildPdf, flateFile } from './hostile.ts';
import { intake, type IntakeResult } from './index.ts';

const sample = (path: string) => readFileSync(join(SAMPLES_DIR, path));
const rules = (r: IntakeResult) => (r.ok ? [] : r.findings.map((f) => f.rule));

describe('intake: the format comes from the content', () => {
  it('recognises every official EN 16931 example: UBL invoices, the UBL credit note, CII invoices', () => {
    const seen = new Map<string, number>();
    for (const { name, syntax, bytes } of officialExamples()) {
      const r = intake(bytes);
      expect(r, name).toMatchObject({ ok: true, syntax, warnings: [] });
      if (r.ok) seen.set(`${r.format} ${r.schema}`, (seen.get(`${r.format} ${r.schema}`) ?? 0) + 1);
    }
    expect(Object.fromEntries(seen)).toEqual({ 'ubl-invoice ubl-invoice': 18, 'ubl-creditnote ubl-creditnote': 1, 'cii cii-d16b': 15 });
  });

  it('takes a CII XML whose guideline is Factur-X EXTENDED as EXTENDED, PDF or not: its schema and its reading', () => {
    const fromPdf = intake(sample('facturx/EXTENDED_Projektabschlussrechnung_fx.pdf'));
    if (!fromPdf.ok) throw new Error('the sample is readable');
    // Its advance payments reference their invoices: valid in the EXTENDED schema, not in plain D16B.
    expect(intake(fromPdf.xmlBytes)).toMatchObject({ ok: true, format: 'cii', syntax: 'cii', schema: 'facturx-extended', profile: 'extended' });
    const en16931 = intake(sample('facturx/EN16931_Einfach_fx.pdf'));
    if (!en16931.ok) throw new Error('the sample is readable');
    const plain = intake(en16931.xmlBytes);
    expect(plain).toMatchObject({ ok: true, format: 'cii', schema: 'cii-d16b' });
    expect(plain.ok && plain.profile).toBeUndefined();
  });

  it('warns that MINIMUM or BASIC WL XML sent without its PDF is checked as a full invoice', () => {
    for (const name of ['MINIMUM_Rechnung_fx.pdf', 'BASIC-WL_Einfach_fx.pdf']) {
      const inPdf = intake(sample(`facturx/${name}`));
      if (!inPdf.ok) throw new Error('the sample is readable');
      expect(inPdf.warnings, name).toEqual([]);
      const alone = intake(inPdf.xmlBytes);
      expect(alone, name).toMatchObject({ ok: true, format: 'cii', schema: 'cii-d16b', warnings: [{ rule: 'FACTURX-PROFILE', severity: 'warning', term: 'BT-24' }] });
      expect(alone.ok && alone.profile).toBeUndefined();
    }
  });

  it('gives the XSD engine the uploaded UTF-8 bytes themselves, not a copy', () => {
    const bytes = sample('en16931/ubl/ubl-tc434-example1.xml');
    const r = intake(bytes);
    expect(r.ok && r.xmlBytes).toBe(bytes);
  });

  it('refuses anything else, saying what it found', () => {
    const order = intake(Buffer.from('<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>'));
    expect(order).toMatchObject({ ok: false, findings: [{ rule: 'FORMAT-UNSUPPORTED', severity: 'fatal', location: '/Order' }] });
    expect(!order.ok && order.findings[0]?.message).toContain('root element Order in namespace urn:oasis:names:specification:ubl:schema:xsd:Order-2');
    const noNamespace = intake(Buffer.from('<Invoice><ID>1</ID></Invoice>'));
    expect(!noNamespace.ok && noNamespace.findings[0]?.message).toContain('Invoice in no namespace');
    for (const junk of ['hello', '{"id": 1}', '', 'PK\u0003\u0004 zipped']) {
      const r = intake(Buffer.from(junk));
      expect(rules(r), junk).toEqual(['FORMAT-UNSUPPORTED']);
      expect(!r.ok && r.findings[0]?.message, junk).toContain('neither XML nor PDF');
    }
  });

  it('takes a PDF for what it is even behind a few bytes of junk, as viewers do', () => {
    const pdf = buildPdf({ files: [flateFile('factur-x.xml', sample('en16931/cii/CII_example1.xml'))] });
    expect(intake(Buffer.concat([Buffer.from('garbage\r\n'), pdf]))).toMatchObject({ ok: true, format: 'facturx' });
  });

  it('caps the size of XML and of PDF, before reading either', () => {
    const ubl = sample('en16931/ubl/ubl-tc434-example1.xml');
    expect(intake(ubl, { maxXmlBytes: 1000 })).toMatchObject({ ok: false, findings: [{ rule: 'XML-TOO-LARGE', severity: 'fatal' }] });
    const pdf = sample('facturx/EN16931_Einfach_fx.pdf');
    expect(rules(intake(pdf, { maxPdfBytes: 1000 }))).toEqual(['PDF-TOO-LARGE']);
    expect(rules(intake(pdf, { maxXmlBytes: 1000 }))).toEqual(['XML-TOO-LARGE']);
  });
});
