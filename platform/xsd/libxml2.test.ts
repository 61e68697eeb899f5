/**
 * Two shortcuts of the XSD stage must change no verdict, message or line: documents are parsed
 * with NOBLANKS (no node for the whitespace between elements), and the catalog reuses its parser
 * and validation contexts where libxml2-wasm's own API makes new ones per document. Checked
 * against libxml2-wasm's API, with fresh contexts, on the official examples, every mutant of them
 * and the official rule-test fragments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ParseOption, XmlDocument, XmlLibError, XsdValidator } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { SchemaName, XsdFinding } from '../../domain/xml/xsd.ts';
import { mutantsOf, type Sample } from '../../tests/conformance/mutants.ts';
import { ruleTestsOf } from '../../tests/conformance/rule-tests.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { compileSchema, DOCUMENT_OPTIONS, openSchemaCatalog, toFindings } from './libxml2.ts';

const validators = new Map<SchemaName, XsdValidator>();
afterAll(() => {
  for (const v of validators.values()) v.dispose();
});

function validator(name: SchemaName): XsdValidator {
  let v = validators.get(name);
  if (!v) validators.set(name, (v = compileSchema(SCHEMA_DIR, name)));
  return v;
}

/** What libxml2 says of a document: `valid`, or each diagnostic as `line: message`. */
function verdict(xml: string, schema: SchemaName, option: number): string {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(Buffer.from(xml), { option });
  } catch (err) {
    if (err instanceof XmlLibError) return `not well-formed: ${err.details.map((d) => `${d.line}: ${d.message}`).join(' | ')}`;
    throw err;
  }
  try {
    validator(schema).validate(doc);
    return 'valid';
  } catch (err) {
    if (err instanceof XmlLibError) return err.details.map((d) => `${d.line}: ${d.message}`).join(' | ');
    throw err;
  } finally {
    doc.dispose();
  }
}

/** The findings libxml2-wasm's own API gives, a fresh parser and validation context per document. */
function freshContextFindings(xml: string, schema: SchemaName): XsdFinding[] {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(Buffer.from(xml), { option: DOCUMENT_OPTIONS });
  } catch (err) {
    if (err instanceof XmlLibError) return toFindings(err.details, 'Failed to parse XML', 'fatal');
    throw err;
  }
  try {
    validator(schema).validate(doc);
    return [];
  } catch (err) {
    if (err instanceof XmlLibError) return toFindings(err.details, 'The document does not match the schema', 'error');
    throw err;
  } finally {
    doc.dispose();
  }
}

const schemaOf = (d: Sample): SchemaName => (d.syntax === 'cii' ? 'cii-d16b' : d.xml.includes('ubl:schema:xsd:CreditNote-2') ? 'ubl-creditnote' : 'ubl-invoice');

const examples: Sample[] = officialExamples().map(({ name, syntax, bytes }) => ({ name, syntax, xml: bytes.toString('utf8') }));
const rulesDir = join(SAMPLES_DIR, 'en16931', 'rules-ubl');
const fragments: Sample[] = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.xml'))
  .flatMap((f) => ruleTestsOf(f, readFileSync(join(rulesDir, f), 'utf8')))
  .map((t) => ({ name: t.id, syntax: 'ubl', xml: t.document }));
// Not well-formed: cut short, so a reused context must recover from a fatal error.
const truncated: Sample[] = examples.map((d) => ({ ...d, name: `${d.name}, truncated`, xml: d.xml.slice(0, d.xml.length / 2) }));
const corpus = [...examples, ...mutantsOf(examples), ...fragments, ...truncated];

describe('the XSD stage against libxml2-wasm with fresh contexts', () => {
  it('runs on a corpus with both verdicts: documents the schema accepts and documents it rejects', () => {
    const valid = corpus.filter((d) => verdict(d.xml, schemaOf(d), DOCUMENT_OPTIONS) === 'valid').length;
    expect(corpus.length).toBeGreaterThan(3000);
    expect(valid).toBeGreaterThan(1000);
    expect(corpus.length - valid).toBeGreaterThan(900);
  }, 120_000);

  it('gives the same findings through the catalog\'s reused contexts, renewed or not', () => {
    const fresh = corpus.map((d) => freshContextFindings(d.xml, schemaOf(d)));
    // 200 KB: the parser context is renewed every dozen documents or so, hundreds of times in all.
    for (const catalog of [openSchemaCatalog(SCHEMA_DIR), openSchemaCatalog(SCHEMA_DIR, { renewParserAfterBytes: 200_000 })]) {
      const differ = corpus.filter((d, k) => !isDeepStrictEqual(catalog.validator(schemaOf(d)).validate(Buffer.from(d.xml)), fresh[k])).map((d) => d.name);
      expect(differ).toEqual([]);
    }
    // Malformed documents and schema errors are among them, each with its line.
    expect(fresh.filter((f) => f.some((x) => x.level === 'fatal' && x.line > 0)).length).toBeGreaterThanOrEqual(truncated.length);
    expect(fresh.filter((f) => f.some((x) => x.level === 'error' && x.line > 0)).length).toBeGreaterThan(900);
  }, 120_000);

  it('gives the same verdicts, messages and lines with NOBLANKS as without', () => {
    const keepBlanks = DOCUMENT_OPTIONS & ~ParseOption.XML_PARSE_NOBLANKS;
    const verdicts = corpus.map((d) => ({ name: d.name, used: verdict(d.xml, schemaOf(d), DOCUMENT_OPTIONS), without: verdict(d.xml, schemaOf(d), keepBlanks) }));
    const differ = verdicts.filter((v) => v.used !== v.without).map((v) => v.name);

    expect(DOCUMENT_OPTIONS & ParseOption.XML_PARSE_NOBLANKS).not.toBe(0);
    expect(differ).toEqual([]);
  }, 120_000);
});
