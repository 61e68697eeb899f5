import { describe, expect, it } from 'vitest';
import { ByLocalName, localNumber, PerLocalName } from './names.ts';

const element = (local: string) => ({ local, localNumber: localNumber(local) });

describe('local names as numbers', () => {
  it('numbers each name once, and finds values by the number of an element', () => {
    expect(localNumber('Invoice')).toBe(localNumber('Invoice'));
    expect(localNumber('Invoice')).not.toBe(localNumber('CreditNote'));
    const table = new ByLocalName([
      ['TaxAmount', 1],
      ['ID', 2],
    ]);
    expect(table.get(element('ID'))).toBe(2);
    expect(table.get(element('TaxAmount'))).toBe(1);
    // A name numbered after the table was made, past its end.
    expect(table.get(element('NamedLater'))).toBeUndefined();
  });

  it('computes a property of a name once', () => {
    const seen: string[] = [];
    const amount = new PerLocalName((local) => {
      seen.push(local);
      return local.endsWith('Amount');
    });
    expect([amount.get(element('TaxAmount')), amount.get(element('TaxAmount')), amount.get(element('Note'))]).toEqual([true, true, false]);
    expect(seen).toEqual(['TaxAmount', 'Note']);
  });

  it('past its bound, gives new names 0 and looks them up by the name itself', () => {
    for (let k = 0; localNumber(`filler${k}`) !== 0; k++);
    expect(localNumber('AfterTheBound')).toBe(0);
    expect(localNumber('Invoice')).not.toBe(0);
    const table = new ByLocalName([
      ['AfterTheBound', 'late'],
      ['Invoice', 'early'],
    ]);
    expect(table.get(element('AfterTheBound'))).toBe('late');
    expect(table.get(element('Invoice'))).toBe('early');
    expect(table.get(element('AlsoAfter'))).toBeUndefined();
    const length = new PerLocalName((local) => local.length);
    expect([length.get(element('AfterTheBound')), length.get(element('AlsoAfter'))]).toEqual([13, 9]);
  });
});
