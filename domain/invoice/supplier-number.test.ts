import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSchemaCatalog, readXmlTree } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { ROOT, SCHEMA_DIR } from '../../tests/support/paths.ts';
import { readSupplierNumberKey, supplierNumberKey } from './supplier-number.ts';
import { checkInvoice } from './validate.ts';

const FR = readFileSync(join(ROOT, 'fixtures/invoices/fr-mairie-fournitures.ubl.xml'), 'utf8');
const keyOf = (xml: string, syntax: 'ubl' | 'cii' = 'ubl') => readSupplierNumberKey(readXmlTree(xml).root, syntax);

describe('the supplier-and-number key', () => {
  it('is, read before validation, the key the validator computes from the valid invoice: on every official example', () => {
    const catalog = openSchemaCatalog(SCHEMA_DIR);
    const keys = new Set<string>();
    for (const { name, syntax, bytes } of officialExamples()) {
      const summary = checkInvoice(bytes, { catalog }).summary;
      expect(summary, name).toBeDefined();
      const key = readSupplierNumberKey(readXmlTree(bytes).root, syntax);
      expect(key, name).toBe(supplierNumberKey(summary!));
      keys.add(key!);
    }
    // The UBL and CII versions of one example are one invoice: 34 files, 19 invoices.
    expect(keys.size).toBe(19);
  });

  it('is the same for two documents of one invoice, whatever their bytes or the spacing of the supplier id', () => {
    const resent = FR.replaceAll('73282932000074', '732 829 320 00074').replace('</Invoice>', '</Invoice>\n<!-- sent again -->');
    expect(keyOf(resent)).toBe(keyOf(FR));
    expect(keyOf(resent)).toBe(supplierNumberKey({ seller: { id: '73282932000074' }, number: 'FA-2026-00042' }));
  });

  it('differs for another number or another supplier', () => {
    expect(keyOf(FR.replaceAll('FA-2026-00042', 'FA-2026-00043'))).not.toBe(keyOf(FR));
    expect(keyOf(FR.replaceAll('73282932000074', '35600000000048'))).not.toBe(keyOf(FR));
  });

  it('is undefined where there is nothing to key on: no number, another kind of document, no document', () => {
    expect(keyOf(FR.replace('<cbc:ID>FA-2026-00042</cbc:ID>', ''))).toBeUndefined();
    expect(keyOf('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>')).toBeUndefined();
    expect(keyOf('<Invoice', 'cii')).toBeUndefined();
  });
});
