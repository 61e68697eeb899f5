import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { checkInvoice } from './validate.ts';

const catalog = openSchemaCatalog(SCHEMA_DIR);
const check = (bytes: Uint8Array | string) => checkInvoice(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, { catalog });
const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

describe('checkInvoice: the validator path', () => {
  it('accepts all 34 official EN 16931 examples, and summarizes them', () => {
    for (const { name, bytes } of officialExamples()) {
      const r = check(bytes);
      expect(r.findings.filter((x) => x.severity === 'fatal'), name).toEqual([]);
      expect(r.accepted && r.summary?.number, name).toBeTruthy();
    }
  });

  it('reports malformed XML with its line, and stops there', () => {
    const r = check(`<Invoice xmlns="${UBL}">\n<cbc:ID>1</Invoice>`);
    expect(r.accepted).toBe(false);
    expect(r.findings[0]).toMatchObject({ rule: 'XML-MALFORMED', severity: 'fatal', line: 2 });
  });

  it('refuses a 100,000-deep document before any parser sees it', () => {
    const deep = `<Invoice xmlns="${UBL}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Invoice>`;
    expect(check(deep).findings.map((f) => f.rule)).toEqual(['XML-TOO-DEEP']);
  });

  it('names the XSD violation with its path', () => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8').replace('<cbc:IssueDate>', '<cbc:Unknown>x</cbc:Unknown><cbc:IssueDate>');
    const r = check(ubl);
    expect(r.findings[0]).toMatchObject({ rule: 'XSD', severity: 'fatal', location: expect.stringContaining('Unknown') as string });
  });

  // The XSD engine drops whitespace between elements (NOBLANKS); what an element holds is still checked.
  it.each([
    ['whitespace alone', '<cbc:IssueDate>  </cbc:IssueDate>'],
    ['whitespace around a comment', '<cbc:IssueDate> <!-- no date --> </cbc:IssueDate>'],
  ])('rejects an issue date of %s, at its line', (_, element) => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8').replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, element);
    const line = ubl.slice(0, ubl.indexOf(element)).split('\n').length;
    const r = check(ubl);
    expect(r.accepted).toBe(false);
    expect(r.findings[0]).toMatchObject({ rule: 'XSD', line, message: expect.stringContaining('IssueDate') as string });
  });

  it('reports the line of a violation after indented content', () => {
    const ubl = readFileSync(join(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'), 'utf8');
    const at = ubl.lastIndexOf('</cac:InvoiceLine>');
    const broken = `${ubl.slice(0, at)}\n\n    <cbc:Unknown>x</cbc:Unknown>\n${ubl.slice(at)}`;
    expect(check(broken).findings[0]).toMatchObject({ rule: 'XSD', line: broken.slice(0, broken.indexOf('<cbc:Unknown>')).split('\n').length });
  });
});
