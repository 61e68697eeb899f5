/**
 * The official EN 16931 Schematron (release 1.3.16) as a test oracle: scripts/oracle/oracle.sh
 * runs it on Saxon-HE over many files in one JVM. Slow to start (a few seconds, and the first
 * time a Maven build and a Schematron compilation), so tests call it once for a whole corpus.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../support/paths.ts';

const SCRIPT = resolve(ROOT, 'scripts', 'oracle', 'oracle.sh');
/** The script's exit status when java or mvn is not installed. */
const TOOLS_MISSING = 3;

/** One failed assert of the Schematron, as its SVRL reports it. */
export const OracleFinding = z.object({
  /** The assert's id: the rule (`BR-CO-10`, `UBL-SR-12`). */
  id: z.string(),
  /** Factur-X's Schematrons flag only warnings: an assert without a flag is an error. */
  flag: z.enum(['fatal', 'warning', 'error', '']).transform((f) => (f === 'warning' ? 'warning' : 'fatal')),
  /** XPath of the context node, with Saxon's `Q{namespace}name[n]` steps. */
  location: z.string(),
  text: z.string(),
});
export type OracleFinding = z.infer<typeof OracleFinding>;

const OracleLine = z.object({
  file: z.string(),
  syntax: z.enum(['ubl', 'cii']),
  findings: z.array(OracleFinding),
  /** Set when the file could not be read as XML. */
  error: z.string().optional(),
});

/** Factur-X 1.09.2's profiles, as its Schematron files name them. */
export type FacturxRules = 'MINIMUM' | 'BASIC-WL' | 'BASIC' | 'EN16931' | 'EXTENDED';

/** Which Schematron: the EN 16931 one of a syntax, or Factur-X's own of a profile (CII only). */
export type OracleRules = 'ubl' | 'cii' | { facturx: FacturxRules };

export type OracleErrorCode = 'ORACLE_TOOLS_MISSING' | 'ORACLE_FAILED' | 'ORACLE_UNREADABLE';

export class OracleError extends Error {
  readonly code: OracleErrorCode;
  constructor(code: OracleErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The Schematron's findings for each file (paths as given, absolute or relative to the current
 * directory), all of one syntax (or one Factur-X profile). Rejects with an `OracleError`:
 * `ORACLE_TOOLS_MISSING` without java or mvn, `ORACLE_UNREADABLE` when a file is not XML or the
 * Schematron stops on it (a dynamic XPath error), unless `unjudged` is given: then such a file
 * goes there, with the reason, and not into the results. `ORACLE_FAILED` otherwise.
 */
export async function runOracle(files: string[], rules: OracleRules, unjudged?: Map<string, string>): Promise<Map<string, OracleFinding[]>> {
  const results = new Map<string, OracleFinding[]>();
  if (files.length === 0) return results;
  const bad = files.find((f) => f.includes('\n'));
  if (bad !== undefined) throw new OracleError('ORACLE_FAILED', `a file name with a line break cannot be passed to the oracle: ${JSON.stringify(bad)}`);

  const args = typeof rules === 'string' ? [rules] : ['facturx', rules.facturx];
  const { status, stdout, stderr } = await run(SCRIPT, args, `${files.join('\n')}\n`);
  if (status === TOOLS_MISSING) throw new OracleError('ORACLE_TOOLS_MISSING', stderr.trim());
  if (status !== 0) throw new OracleError('ORACLE_FAILED', `scripts/oracle/oracle.sh exited with ${status}:\n${stderr.trim()}`);

  for (const text of stdout.split('\n')) {
    if (text === '') continue;
    const line = OracleLine.parse(JSON.parse(text));
    if (line.error === undefined) results.set(line.file, line.findings);
    else if (unjudged) unjudged.set(line.file, line.error);
    else throw new OracleError('ORACLE_UNREADABLE', `${line.file}: ${line.error}`);
  }
  const missing = files.filter((f) => !results.has(f) && !unjudged?.has(f));
  if (missing.length > 0) throw new OracleError('ORACLE_FAILED', `no result for ${missing.length} file(s), first ${missing[0]}`);
  return results;
}

/** Runs the script with `input` on stdin; its progress goes on to our stderr as it comes. */
function run(command: string, args: string[], input: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      process.stderr.write(b);
    });
    child.on('error', (e) => reject(new OracleError('ORACLE_FAILED', `cannot start ${command}: ${e.message}`)));
    child.on('close', (code) =>
      resolvePromise({ status: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(input);
  });
}
