/**
 * The command line as suppliers and finance staff run it: a real process, real files, its
 * output and exit status (0 all good, 1 something rejected, 2 usage or I/O error).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROOT, SAMPLES_DIR, SCHEMA_DIR } from '../tests/support/paths.ts';

const FRENCH = resolve(ROOT, 'fixtures/invoices/fr-mairie-fournitures.ubl.xml');
const XXE = resolve(ROOT, 'fixtures/hostile/xxe-local-file.XML-DOCTYPE.xml');
const UBL_EXAMPLE = resolve(SAMPLES_DIR, 'en16931/ubl/ubl-tc434-example1.xml');
const CII_EXAMPLE = resolve(SAMPLES_DIR, 'en16931/cii/CII_example1.xml');
const PES = resolve(SAMPLES_DIR, 'pes/PES_ex.xml');

function einvoice(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'cli/einvoice.ts'), ...args], { encoding: 'utf8', env: { ...process.env, SCHEMA_DIR } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ValidateJson = z.array(
  z.object({
    file: z.string(),
    format: z.string().nullable(),
    valid: z.boolean(),
    findings: z.array(z.object({ rule: z.string(), severity: z.enum(['fatal', 'warning']), message: z.string() })),
  }),
);

describe('einvoice validate', () => {
  it('says VALID with the detected format, and exits 0 when every file passes', () => {
    const r = einvoice('validate', UBL_EXAMPLE, CII_EXAMPLE);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`VALID    ${UBL_EXAMPLE} (ubl-invoice)`);
    expect(r.stdout).toContain(`VALID    ${CII_EXAMPLE} (cii)`);
    expect(r.stdout).toContain('2 valid, 0 rejected');
  });

  it('says a PDF that carries no invoice is a PDF, and why none was read', () => {
    const blank = resolve(SAMPLES_DIR, 'facturx/MustangGnuaccountingBeispielRE-20201121_508blankoA3.pdf');
    const r = einvoice('validate', blank);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`REJECTED ${blank} (a PDF, no invoice read from it)\n  error   FACTURX-NO-XML`);
    expect(JSON.parse(einvoice('validate', '--json', blank).stdout)).toMatchObject([{ format: null, container: 'pdf', valid: false }]);
  });

  it('reports every file as JSON, the rejected ones with their rule, and exits 1', () => {
    const missing = resolve(ROOT, 'fixtures/invoices/no-such-invoice.xml');
    const r = einvoice('validate', '--json', FRENCH, XXE, missing);
    expect(r.status).toBe(1);
    const results = ValidateJson.parse(JSON.parse(r.stdout));
    expect(results.map((x) => [x.file, x.valid])).toEqual([
      [FRENCH, true],
      [XXE, false],
      [missing, false],
    ]);
    expect(results[0]!.format).toBe('ubl-invoice');
    expect(results[1]!.findings.map((f) => f.rule)).toContain('XML-DOCTYPE');
    expect(results[2]!.findings).toMatchObject([{ rule: 'FILE-UNREADABLE', severity: 'fatal' }]);
  });
});

describe('einvoice pes', () => {
  it('summarizes a PES_Aller file as JSON', () => {
    const r = einvoice('pes', 'summary', PES, '--json');
    expect(r.status).toBe(0);
    const { summary } = z.object({ summary: z.object({ nomFic: z.string(), collectivite: z.object({ IdColl: z.string(), IdPost: z.string() }), bordereaux: z.array(z.object({ IdBord: z.string(), NbrPce: z.string() })) }) }).parse(JSON.parse(r.stdout));
    expect(summary).toMatchObject({ nomFic: 'SICOVAL201512104', collectivite: { IdColl: '24310063300011', IdPost: '031007' }, bordereaux: [{ IdBord: '2372', NbrPce: '1' }] });
  });

  it('validates against the DGFiP schema: 0 for a PES file, 1 with the line for anything else', () => {
    expect(einvoice('pes', 'validate', PES).status).toBe(0);
    const r = einvoice('pes', 'validate', FRENCH);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/fr-mairie-fournitures\.ubl\.xml:\d+:\d+: error: .*No matching global declaration/);
  });

  it('ends a missing file or a wrong command with one line and status 2, not a stack trace', () => {
    const missing = einvoice('pes', 'summary', resolve(ROOT, 'no-such.xml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^einvoice pes: ENOENT: no such file or directory, open '.*no-such\.xml'$/);
    const unknown = einvoice('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^usage: einvoice <command>/);
  });

  it('refuses a purge that would forget messages Kafka can still deliver again, before touching the database', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'cli/einvoice.ts'), 'purge', '--processed-days', '7'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      '--processed-days: Kafka can deliver a message again for up to 37 days (longest retention of a consumed topic, plus a segment): keep processed-message records at least that long',
    );
  });
});
