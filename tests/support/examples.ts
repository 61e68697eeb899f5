/** The official EN 16931 examples, as the tests and the benchmarks read them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from './paths.ts';

export interface OfficialExample {
  /** The file name. */
  name: string;
  syntax: 'ubl' | 'cii';
  bytes: Buffer;
}

/** Every official example (UBL, then CII, each by file name) of at most `maxBytes`. */
export function officialExamples(maxBytes = Infinity): OfficialExample[] {
  return (['ubl', 'cii'] as const).flatMap((syntax) => {
    const dir = join(SAMPLES_DIR, 'en16931', syntax);
    return readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.xml'))
      .sort()
      .map((name) => ({ name, syntax, bytes: readFileSync(join(dir, name)) }))
      .filter((d) => d.bytes.byteLength <= maxBytes);
  });
}
