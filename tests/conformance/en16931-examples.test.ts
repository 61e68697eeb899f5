/**
 * The 34 official EN 16931 example invoices (19 UBL, two of them named `.XML`, and 15 CII) are
 * valid: the engine reads them and finds nothing fatal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../domain/invoice/en16931.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { Invoice } from '../../domain/invoice/model.ts';
import { SAMPLES_DIR } from '../support/paths.ts';

const examples = (syntax: 'ubl' | 'cii') =>
  readdirSync(join(SAMPLES_DIR, 'en16931', syntax))
    .filter((f) => f.toLowerCase().endsWith('.xml'))
    .sort()
    .map((file) => ({ syntax, file, xml: readFileSync(join(SAMPLES_DIR, 'en16931', syntax, file), 'utf8') }));

const all = [...examples('ubl'), ...examples('cii')];

describe('official EN 16931 examples', () => {
  it('are all there: 19 UBL and 15 CII', () => {
    expect(all.filter((e) => e.syntax === 'ubl')).toHaveLength(19);
    expect(all.filter((e) => e.syntax === 'cii')).toHaveLength(15);
  });

  it.each(all)('$syntax/$file has no fatal finding', ({ syntax, xml }) => {
    const { invoice, findings } = checkDocument(readXmlTree(xml).root, syntax);
    expect(findings.filter((f) => f.severity === 'fatal')).toEqual([]);
    expect(Invoice.safeParse(invoice).success).toBe(true);
    expect(invoice.number).toBeTruthy();
    expect(invoice.lines.length).toBeGreaterThan(0);
    expect(invoice.totals?.payable).toBeDefined();
  });
});
