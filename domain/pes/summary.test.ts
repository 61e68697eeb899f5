import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../tests/support/paths.ts';
import { readPesAller } from './reader.ts';
import { summarizePes } from './summary.ts';
import { examplePesAller } from './testing.ts';

describe('summarizePes', () => {
  it('summarises the signed sample: two bordereaux, totals recomputed from the lines', () => {
    const { pes } = readPesAller(readFileSync(resolve(SAMPLES_DIR, 'pes/pes_signe_bordereau.xml')));
    expect(summarizePes(pes)).toEqual({
      nomFic: 'PESALR121190800075020150506191259422',
      collectivite: { IdColl: '24800053100058', CodCol: '119', CodBud: '50', IdPost: '080007', LibelleColBud: 'TOURISME' },
      exercices: ['2015'],
      bordereaux: [
        { Exer: '2015', IdBord: '50', TypBord: '01', NbrPce: '5', MtBordHT: '694.13' },
        { Exer: '2015', IdBord: '100003', TypBord: '01', NbrPce: '1', MtBordHT: '108.5' },
      ],
      pj: { count: 0, names: [] },
      totals: { pieces: 6, lignes: 6, MtHT: '802.63', MtTVA: '0.00' },
    });
  });

  it('lists the PJs and the TVA', () => {
    const summary = summarizePes(examplePesAller());
    expect(summary.pj).toEqual({ count: 1, names: ['F-2026-001.pdf'] });
    expect(summary.bordereaux[0]!.MtBordTVA).toBe('200.02');
    expect(summary.totals).toEqual({ pieces: 1, lignes: 1, MtHT: '1000.10', MtTVA: '200.02' });
  });
});
