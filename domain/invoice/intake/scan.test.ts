import { describe, expect, it } from 'vitest';
import { position, scanXml } from './scan.ts';

const NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

describe('scanXml: DOCTYPE, depth and root in one pass', () => {
  it('finds a DOCTYPE or other declaration anywhere in the prolog, however it is spelled', () => {
    for (const prolog of ['<!DOCTYPE Invoice>', '<?xml version="1.0"?><!-- a --><?pi x?>\n<!DOCTYPE x SYSTEM "http://evil/">', '<!doctype x>', '<!ENTITY x "y">']) {
      expect(scanXml(`${prolog}<Invoice xmlns="${NS}"/>`, 10).kind).toBe('doctype');
    }
  });

  it('does not mistake a DOCTYPE inside a comment, or markup inside comments and CDATA, for the real thing', () => {
    const text = `<!-- <!DOCTYPE x> --><Invoice xmlns="${NS}"><!-- <a><a><a> --><![CDATA[<a><a><a>]]><b/></Invoice>`;
    expect(scanXml(text, 2)).toEqual({ kind: 'ok', root: { local: 'Invoice', ns: NS } });
  });

  it('counts nesting: the maximum passes, one more is too deep, empty elements and closed siblings do not add up', () => {
    const nest = (n: number) => `<r>${'<a>'.repeat(n - 1)}${'</a>'.repeat(n - 1)}</r>`;
    expect(scanXml(nest(5), 5).kind).toBe('ok');
    expect(scanXml(nest(6), 5)).toEqual({ kind: 'too-deep', offset: 3 * 5 });
    expect(scanXml(`<r>${'<a/><b x="1"/><c></c>'.repeat(1000)}</r>`, 2).kind).toBe('ok');
  });

  it('reads a tag to its end past a ">" or "/>" inside a quoted attribute value', () => {
    // Read up to the first '>', <a x="/>"> would look empty, and <b> would not be too deep.
    expect(scanXml(`<r><a x="/>"><b></b></a></r>`, 2)).toEqual({ kind: 'too-deep', offset: 13 });
    expect(scanXml(`<r><a x='/>'><b></b></a></r>`, 2)).toEqual({ kind: 'too-deep', offset: 13 });
    // Read up to the first '>', these empty elements would look open, one level too deep.
    expect(scanXml(`<r><a y="it's"/><b x='say ">"'/><c z="1>0"/></r>`, 1).kind).toBe('ok');
  });

  it('reads the root namespace for its own prefix, past attribute values holding ">" or quotes', () => {
    const cii = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
    expect(scanXml(`<rsm:CrossIndustryInvoice note='a > "b"' xmlns="other" xmlns:rsm="${cii}">`, 5)).toEqual({
      kind: 'ok',
      root: { local: 'CrossIndustryInvoice', prefix: 'rsm', ns: cii },
    });
    expect(scanXml('<Invoice>', 5)).toEqual({ kind: 'ok', root: { local: 'Invoice' } });
  });

  it('says what stands where a root element should', () => {
    expect(scanXml('{"invoice": 1}', 5)).toEqual({ kind: 'no-root', found: '"{"invoice": 1}"' });
    expect(scanXml('', 5)).toEqual({ kind: 'no-root', found: 'nothing' });
    expect(scanXml('<!-- never closed <Invoice/>', 5)).toEqual({ kind: 'no-root', found: 'an unterminated comment' });
  });

  it('leaves malformed markup after the root to the XSD engine', () => {
    expect(scanXml(`<Invoice xmlns="${NS}"><a x="unterminated></Invoice>`, 5).kind).toBe('ok');
  });
});

describe('position', () => {
  it('gives the 1-based line and column of what follows a text', () => {
    expect(position('')).toEqual({ line: 1, column: 1 });
    expect(position('ab\ncd')).toEqual({ line: 2, column: 3 });
  });
});
