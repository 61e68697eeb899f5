import { describe, expect, it } from 'vitest';
import { toLatin1 } from './charset.ts';

describe('toLatin1', () => {
  it('keeps ASCII and Latin-1 accents as they are', () => {
    expect(toLatin1('PLOËRMEL ÉCOLE « çà » ü ß ø 50 °')).toEqual({ value: 'PLOËRMEL ÉCOLE « çà » ü ß ø 50 °', refused: [] });
  });

  it('transliterates the common typographic characters', () => {
    expect(toLatin1('L’œuvre “Cœur” – 10 € — Œ…').value).toBe(`L'oeuvre "Coeur" - 10 EUR - OE...`);
  });

  it('turns no-break and narrow spaces into plain spaces', () => {
    expect(toLatin1('1\u00A0000\u202F€\u2009HT').value).toBe('1 000 EUR HT');
  });

  it('composes decomposed accents (NFC) so they stay Latin-1', () => {
    expect(toLatin1('Cafe\u0301').value).toBe('Café');
  });

  it('refuses what it cannot write, naming each code point once, instead of writing "?"', () => {
    expect(toLatin1('Łódź 😀 Ł')).toEqual({ value: 'ód  ', refused: ['U+0141', 'U+017A', 'U+1F600'] });
  });

  it('refuses C0 controls other than tab, line feed and carriage return, C1 controls and DEL', () => {
    expect(toLatin1('a\u0001b\u0085c\u007F').refused).toEqual(['U+0001', 'U+0085', 'U+007F']);
    expect(toLatin1('a\tb\nc\r').refused).toEqual([]);
  });
});
