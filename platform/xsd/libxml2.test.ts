/**
 * Documents are parsed for the XSD with NOBLANKS (no node for the whitespace between elements):
 * it must change no verdict, message or line. Checked with libxml2-wasm directly, both ways, on
 * the official examples, every mutant of them and the official rule-test fragments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseOption, XmlDocument, XmlLibError, XsdValidator } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { SchemaName } from '../../domain/xml/xsd.ts';
import { mutantsOf, type Sample } from '../../tests/conformance/mutants.ts';
import { ruleTestsOf } from '../../tests/conformance/rule-tests.ts';
import { SAMPLES_DIR, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { compileSchema, DOCUMENT_OPTIONS } from './libxml2.ts';

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

const schemaOf = (d: Sample): SchemaName => (d.syntax === 'cii' ? 'cii-d16b' : d.xml.includes('ubl:schema:xsd:CreditNote-2') ? 'ubl-creditnote' : 'ubl-invoice');

describe('libxml2-wasm with NOBLANKS', () => {
  it('gives the same verdicts, messages and lines as without, on examples, mutants and rule tests', () => {
    const examples: Sample[] = (['ubl', 'cii'] as const).flatMap((syntax) =>
      readdirSync(join(SAMPLES_DIR, 'en16931', syntax))
        .filter((f) => f.toLowerCase().endsWith('.xml'))
        .map((name) => ({ name, syntax, xml: readFileSync(join(SAMPLES_DIR, 'en16931', syntax, name), 'utf8') })),
    );
    const rulesDir = join(SAMPLES_DIR, 'en16931', 'rules-ubl');
    const fragments: Sample[] = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.xml'))
      .flatMap((f) => ruleTestsOf(f, readFileSync(join(rulesDir, f), 'utf8')))
      .map((t) => ({ name: t.id, syntax: 'ubl', xml: t.document }));
    const corpus = [...examples, ...mutantsOf(examples), ...fragments];

    const keepBlanks = DOCUMENT_OPTIONS & ~ParseOption.XML_PARSE_NOBLANKS;
    const verdicts = corpus.map((d) => ({ name: d.name, used: verdict(d.xml, schemaOf(d), DOCUMENT_OPTIONS), without: verdict(d.xml, schemaOf(d), keepBlanks) }));
    const differ = verdicts.filter((v) => v.used !== v.without).map((v) => v.name);
    const valid = verdicts.filter((v) => v.used === 'valid').length;

    expect(DOCUMENT_OPTIONS & ParseOption.XML_PARSE_NOBLANKS).not.toBe(0);
    expect(corpus.length).toBeGreaterThan(3000);
    // Both kinds are there: documents the schema accepts and documents it rejects.
    expect(valid).toBeGreaterThan(1000);
    expect(corpus.length - valid).toBeGreaterThan(900);
    expect(differ).toEqual([]);
  }, 120_000);
});
