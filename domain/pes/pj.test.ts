import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../tests/support/paths.ts';
import { buildPj, deriveIdUnique, gzipBase64Of, nomPJFor, PjError, pjContent, sniffMediaType } from './pj.ts';
import { EXAMPLE_ID_COLL } from './testing.ts';

const ubl = readFileSync(resolve(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml'));
const pdf = readFileSync(resolve(SAMPLES_DIR, 'facturx/EN16931_Einfach_fx.pdf'));

const pjError = (f: () => unknown): PjError => {
  try {
    f();
  } catch (err) {
    if (err instanceof PjError) return err;
    throw err;
  }
  throw new Error('no PjError');
};

describe('PES_PJ entries', () => {
  it('builds a dépense PJ: base64(gzip(bytes)), sniffed media type, TypePJ 003', () => {
    const pj = buildPj({ bytes: pdf, idUnique: 'A1', fileName: 'EN16931_Einfach_fx.pdf', description: 'Facture 471102' });
    expect(pj).toMatchObject({ IdUnique: 'A1', NomPJ: 'EN16931_Einfach_fx.pdf', TypePJ: '003', Description: 'Facture 471102' });
    expect(pj.Contenu.Fichier.MIMEType).toBe('application/pdf');
    expect(pj.Contenu.Fichier.content.startsWith('H4sI')).toBe(true);
    expect(Buffer.from(pjContent(pj)).equals(pdf)).toBe(true);
  });

  it('compresses deterministically: mtime 0, no file name, same bytes every time', () => {
    const gz = Buffer.from(gzipBase64Of(ubl), 'base64');
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(gzipBase64Of(ubl)).toBe(gzipBase64Of(Uint8Array.from(ubl)));
    expect(gz.length).toBeLessThan(ubl.length / 3);
  });

  it('decodes what other tools gzip too', () => {
    const pj = buildPj({ bytes: ubl, idUnique: 'A1', fileName: 'x.xml', description: 'd' });
    pj.Contenu.Fichier.content = gzipSync(ubl).toString('base64');
    expect(Buffer.from(pjContent(pj)).equals(ubl)).toBe(true);
  });

  it('bounds decompression', () => {
    const bomb = buildPj({ bytes: new Uint8Array(1_000_000), idUnique: 'A1', fileName: 'z.bin', description: 'd' });
    expect(bomb.Contenu.Fichier.content.length).toBeLessThan(2_000);
    expect(pjError(() => pjContent(bomb, 100_000)).code).toBe('PJ_TOO_LARGE');
    expect(pjContent(bomb, 1_000_000)).toHaveLength(1_000_000);
  });

  it('refuses a Fichier that is not base64 gzip', () => {
    const pj = buildPj({ bytes: ubl, idUnique: 'A1', fileName: 'x.xml', description: 'd' });
    pj.Contenu.Fichier.content = pdf.subarray(0, 30).toString('base64');
    expect(pjError(() => pjContent(pj)).code).toBe('PJ_NOT_GZIP');
    pj.Contenu.Fichier.content = 'H4sIAAAA';
    expect(pjError(() => pjContent(pj)).code).toBe('PJ_NOT_GZIP');
  });

  it('refuses an empty file, a bad IdUnique or an empty description', () => {
    const ok = { bytes: ubl, idUnique: 'A1', fileName: 'x.xml', description: 'd' };
    expect(pjError(() => buildPj({ ...ok, bytes: new Uint8Array() })).message).toMatch(/empty/);
    expect(pjError(() => buildPj({ ...ok, idUnique: 'A-1' })).code).toBe('PJ_INVALID');
    expect(pjError(() => buildPj({ ...ok, idUnique: 'x'.repeat(51) })).code).toBe('PJ_INVALID');
    expect(pjError(() => buildPj({ ...ok, description: '' })).code).toBe('PJ_INVALID');
  });

  it('sniffs the usual document types', () => {
    expect(sniffMediaType(ubl)).toBe('application/xml');
    expect(sniffMediaType(Buffer.from('\uFEFF  <Invoice/>'))).toBe('application/xml');
    expect(sniffMediaType(pdf)).toBe('application/pdf');
    expect(sniffMediaType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe('image/png');
    expect(sniffMediaType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMediaType(Uint8Array.from([0x50, 0x4b, 3, 4]))).toBe('application/zip');
    expect(sniffMediaType(Uint8Array.from([1, 2, 3]))).toBe('application/octet-stream');
  });

  it('makes a NomPJ the XSD accepts from any file name', () => {
    expect(nomPJFor('facture-F1', 'application/pdf')).toBe('facture-F1.pdf');
    expect(nomPJFor('C:\\scans\\Facture n°1 – été.PDF', 'application/pdf')).toBe('Facture n°1 - été.PDF');
    expect(nomPJFor('facture.jpeg2', 'image/jpeg')).toBe('facture.jpeg2.jpg');
    expect(nomPJFor('Łódź.xml', 'application/xml')).toBe('_ód_.xml');
    expect(nomPJFor('', 'application/octet-stream')).toBe('document.bin');
    const long = nomPJFor(`${'x'.repeat(200)}.xml`, 'application/xml');
    expect(long).toHaveLength(100);
    expect(long.endsWith('.xml')).toBe(true);
  });

  it("derives a stable IdUnique from the collectivité's SIRET and what the PJ is", () => {
    const id = deriveIdUnique(EXAMPLE_ID_COLL, 'inv_1');
    expect(id).toMatch(/^24310063300011[0-9a-f]{32}$/);
    expect(id).toBe(deriveIdUnique(EXAMPLE_ID_COLL, 'inv_1'));
    expect(id).not.toBe(deriveIdUnique(EXAMPLE_ID_COLL, 'inv_2'));
  });
});
