/**
 * Chorus Pro's cadres de facturation (BT-23), A1 … A25, grouped as the domain primer lists them
 * (docs/domain.md §2 of the shared reference; finer labels per code are not in the material at
 * hand, so none are invented). The 2026 B2B reform's codes (B1, S1, M1 …) are not accepted: no
 * text at hand defines their list.
 */
const GROUPS: [codes: number[], label: string][] = [
  [[1], 'supplier invoice (the default)'],
  [[2], 'invoice already paid'],
  [[3], 'legal costs'],
  [[4, 5, 6, 7, 8], 'works'],
  [[9], "subcontractor's invoice"],
  [[10, 11], "subcontractor's statement"],
  [[12], "co-contractor's invoice"],
  [[13, 14], "co-contractor's statement"],
  [[15, 16, 17, 18, 19, 20], 'project management (MOE/MOA)'],
  [[21], 'domestic consumption tax (TIC)'],
  [[22, 23, 24, 25], 'tacit acceptance'],
];

export const CADRE_LABELS: ReadonlyMap<string, string> = new Map(GROUPS.flatMap(([codes, label]) => codes.map((n) => [`A${n}`, label] as const)));

export const CADRES_DESCRIBED = GROUPS.map(([codes, label]) => `${codes.length === 1 ? `A${codes[0]}` : `A${codes[0]}–A${codes.at(-1)}`} ${label}`).join(', ');
