/**
 * The prefix each invoice namespace has in the standards' own examples (`cac`, `ram`…): how
 * findings write element names, whatever prefixes a document chose.
 */
import { CII_NS, UBL_NS } from './namespaces.ts';

const { cac, cbc, ext } = UBL_NS;

/** Prefix by namespace URI; the UBL document roots have none. */
export const CONVENTIONAL_PREFIXES: Readonly<Record<string, string>> = Object.fromEntries(
  [...Object.entries({ cac, cbc, ext }), ...Object.entries(CII_NS)].map(([prefix, ns]) => [ns, prefix]),
);
