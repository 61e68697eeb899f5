/**
 * The 34 official EN 16931 example invoices (19 UBL, two of them named `.XML`, and 15 CII) are
 * valid: the engine reads them and finds nothing fatal.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../domain/invoice/en16931.ts';
import { readXmlTree } from '../../platform/xsd/libxml2.ts';
import { Invoice } from '../../domain/invoice/model.ts';
import { officialExamples } from '../support/examples.ts';

const all = officialExamples().map(({ name, syntax, bytes }) => ({ syntax, file: name, xml: bytes.toString('utf8') }));

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
