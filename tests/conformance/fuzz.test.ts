/**
 * The random mutants (fuzz.ts) and scripts/oracle/fuzz.ts, which compares the engine with the
 * Schematron on them. The script runs the real Schematron (a JVM).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { officialExamples } from '../support/examples.ts';
import { ROOT, SCHEMA_DIR } from '../support/paths.ts';
import { fuzzedOf } from './fuzz.ts';

const samples = officialExamples(40_000).map((e) => ({ name: e.name, syntax: e.syntax, xml: e.bytes.toString('utf8') }));

describe('random mutants', () => {
  it('are the same for the same seed, and differ from their example by the edits they list', () => {
    const first = fuzzedOf(samples, 50, 7);
    expect(fuzzedOf(samples, 50, 7)).toEqual(first);
    expect(fuzzedOf(samples, 50, 8)).not.toEqual(first);
    expect(first).toHaveLength(50);
    for (const m of first) {
      const example = samples.find((s) => m.name.startsWith(s.name.replace(/\.xml$/i, '~')))!;
      expect(m.name).toMatch(/~fuzz-7-\d+\.xml$/);
      expect(m.syntax).toBe(example.syntax);
      expect(m.edits.length).toBeGreaterThanOrEqual(1);
      expect(m.edits.length).toBeLessThanOrEqual(3);
      expect(m.xml).not.toBe(example.xml);
    }
  });
});

describe('scripts/oracle/fuzz.ts', () => {
  it('compares the schema-valid mutants and exits 0 when all agree', async () => {
    const { status, stdout } = await new Promise<{ status: number | null; stdout: string }>((done, fail) => {
      const child = spawn(process.execPath, [resolve(ROOT, 'scripts/oracle/fuzz.ts'), '--count', '200', '--seed', '3'], { env: { ...process.env, SCHEMA_DIR } });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ status: code, stdout: out }));
    });
    const summary = /(\d+) \/ (\d+) schema-valid mutants agree/.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(Number(summary![2])).toBeGreaterThan(40);
    expect(summary![1]).toBe(summary![2]);
    expect(status).toBe(0);
  }, 120_000);
});
