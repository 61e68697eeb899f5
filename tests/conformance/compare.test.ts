/**
 * scripts/oracle/compare.ts, the agreement check for invoices outside the repository: it sorts
 * files into compared (engine and Schematron agree), schema-invalid and refused at intake, and its
 * exit status says whether every compared file agrees; with --mutants it compares the mutants of
 * each file too. Runs the real Schematron (a JVM).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../support/paths.ts';

const folder = mkdtempSync(join(tmpdir(), 'compare-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function compare(...paths: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'scripts/oracle/compare.ts'), '--json', ...paths], { env: { ...process.env, SCHEMA_DIR } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout }));
  });
}

describe('scripts/oracle/compare.ts', () => {
  it('compares schema-valid invoices, lists the others, and exits 0 when all agree', async () => {
    const ubl = join(SAMPLES_DIR, 'en16931', 'ubl', 'ubl-tc434-example2.xml');
    const cii = join(SAMPLES_DIR, 'en16931', 'cii', 'CII_example4.xml');
    const facturx = join(SAMPLES_DIR, 'facturx', 'MINIMUM_Rechnung_fx.pdf');
    const noNumber = join(folder, 'no-number.xml');
    writeFileSync(noNumber, readFileSync(ubl, 'utf8').replace(/<cbc:ID>[^<]*<\/cbc:ID>/, ''));
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'not an invoice');

    const { status, stdout } = await compare(ubl, cii, facturx, noNumber, text);
    const results = JSON.parse(stdout) as { file: string; status: string; fired?: string[]; disagreements?: unknown[] }[];
    expect(results.map((r) => [r.file, r.status])).toEqual([
      [ubl, 'agree'],
      [cii, 'agree'],
      [facturx, 'agree'],
      [noNumber, 'schema-invalid'],
      [text, 'refused at intake'],
    ]);
    // MINIMUM carries no lines: the Schematron fires BR-16 on it, and the engine must too.
    expect(results[2]!.fired).toContain('BR-16');
    expect(results[2]!.disagreements).toEqual([]);
    expect(status).toBe(0);
  }, 300_000);

  it('with --mutants, also compares the mutants of each schema-valid file', async () => {
    const cii = join(SAMPLES_DIR, 'en16931', 'cii', 'CII_example4.xml');
    const { status, stdout } = await compare('--mutants', cii);
    const results = JSON.parse(stdout) as { file: string; status: string; fired?: string[] }[];
    const mutants = results.filter((r) => r.file.includes('~'));
    expect(results[0]).toMatchObject({ file: cii, status: 'agree' });
    expect(mutants.length).toBeGreaterThan(50);
    expect(mutants.every((m) => m.status === 'agree')).toBe(true);
    // The mutants do make rules fire: something is being compared.
    expect(new Set(mutants.flatMap((m) => m.fired ?? [])).size).toBeGreaterThan(30);
    expect(status).toBe(0);
  }, 300_000);
});
