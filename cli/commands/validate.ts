/**
 * `einvoice validate <files or folders…>`: checks invoices offline with the validator service's
 * own code path (intake, XSD, EN 16931, then the French public-sector rules when a buyer
 * directory is given). Per file: the detected format, the verdict and every finding.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isFatal, type Finding } from '../../domain/finding.ts';
import { BuyerSettings } from '../../domain/invoice/chorus/facts.ts';
import { publicSectorFindings } from '../../domain/invoice/public-sector.ts';
import { partyId } from '../../domain/invoice/summary.ts';
import { CHECK_BATCH, checkInvoices, type InvoiceCheck } from '../../domain/invoice/validate.ts';
import { filesUnder } from '../files.ts';
import { cliCatalog } from './schemas.ts';
import { progress, type Command } from './types.ts';

/** The buyer directory as a JSON file (the same fields as the service's directory). */
const Directory = z.array(BuyerSettings.extend({ aliases: z.array(z.string()).default([]) }));

/** The file's result when it cannot be read: the others are still checked and reported. */
function read(file: string): { bytes: Uint8Array } | { finding: Finding } {
  try {
    return { bytes: readFileSync(file) };
  } catch (err) {
    return { finding: { rule: 'FILE-UNREADABLE', severity: 'fatal', message: `the file could not be read (${err instanceof Error ? err.message : String(err)})` } };
  }
}

const line = (f: Finding) =>
  `  ${f.severity === 'fatal' ? 'error  ' : 'warning'} ${f.rule}${f.term ? ` [${f.term}]` : ''}${f.location ? ` at ${f.location}` : ''}${f.line ? ` (line ${f.line})` : ''}: ${f.message}`;

export const validate: Command = {
  summary: 'validate <files or folders…> [--json] [--directory buyers.json] [--fr-rules enforce|warn]: check invoices before sending them',
  run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, directory: { type: 'string' }, 'fr-rules': { type: 'string', default: 'enforce' } },
    });
    if (positionals.length === 0) throw new Error('usage: einvoice validate <files or folders…> [--json] [--directory buyers.json]');
    const directory = values.directory ? Directory.parse(JSON.parse(readFileSync(values.directory, 'utf8'))) : undefined;
    const findBuyer = (id: string): BuyerSettings | undefined => directory?.find((b) => b.siret === id || b.aliases.includes(id));
    const catalog = cliCatalog();
    const list = filesUnder(positionals);
    const tick = values.json ? () => undefined : progress('validating');
    const report = (file: string, check: InvoiceCheck) => {
      let findings = check.findings;
      // Without a directory the French rules cannot know the buyer: they run only when one is given.
      if (directory && check.accepted && check.invoice) {
        const buyerId = partyId(check.invoice.buyer)?.id;
        const fr = publicSectorFindings(check.invoice, buyerId ? findBuyer(buyerId.trim()) : undefined);
        findings = [...findings, ...(values['fr-rules'] === 'warn' ? fr.map((f) => ({ ...f, severity: 'warning' as const })) : fr)];
      }
      return { file, format: check.format ?? null, container: check.container ?? null, profile: check.profile ?? null, valid: !findings.some(isFatal), findings };
    };
    const results: ReturnType<typeof report>[] = [];
    // Checked together, as the validator service checks the invoices of a Kafka batch.
    let batch: { file: string; bytes: Uint8Array }[] = [];
    let batchBytes = 0;
    const checkBatch = () => {
      const checks = checkInvoices(batch.map((b) => b.bytes), { catalog });
      batch.forEach((b, k) => results.push(report(b.file, checks[k]!)));
      batch = [];
      batchBytes = 0;
      tick(results.length, list.length);
    };
    for (const file of list) {
      const content = read(file);
      if ('finding' in content) {
        if (batch.length > 0) checkBatch();
        results.push({ file, format: null, container: null, profile: null, valid: false, findings: [content.finding] });
        tick(results.length, list.length);
        continue;
      }
      if (batch.length > 0 && (batch.length === CHECK_BATCH.invoices || batchBytes + content.bytes.byteLength > CHECK_BATCH.bytes)) checkBatch();
      batch.push({ file, bytes: content.bytes });
      batchBytes += content.bytes.byteLength;
    }
    if (batch.length > 0) checkBatch();
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      for (const r of results) {
        const kind = r.format ?? (r.container === 'pdf' ? 'a PDF, no invoice read from it' : 'unknown format');
        process.stdout.write(`${r.valid ? 'VALID   ' : 'REJECTED'} ${r.file} (${kind}${r.profile ? `, ${r.profile}` : ''})\n`);
        for (const f of r.findings) process.stdout.write(`${line(f)}\n`);
      }
      const bad = results.filter((r) => !r.valid).length;
      process.stdout.write(`${results.length - bad} valid, ${bad} rejected\n`);
    }
    return Promise.resolve(results.some((r) => !r.valid) ? 1 : 0);
  },
};
