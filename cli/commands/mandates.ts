/**
 * `einvoice mandates import file.csv`: submits each mandate of the CSV to the gateway, one by
 * one with progress, and writes a per-line report (which CSV lines were refused, and why).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseMandateCsv } from '../../domain/mandate/csv.ts';
import { progress, type Command } from './types.ts';

interface Outcome {
  reference: string;
  lines: number[];
  status: 'accepted' | 'duplicate' | 'refused';
  id?: string;
  errors?: { field: string; code: string; message: string }[];
}

export const mandates: Command = {
  summary: 'mandates import <file.csv> [--gateway URL] [--report file.json]: submit mandates in bulk',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' }, report: { type: 'string' } },
    });
    const [sub, file] = positionals;
    if (sub !== 'import' || !file) throw new Error('usage: einvoice mandates import <file.csv> [--gateway URL] [--report file.json]');
    const { mandates: parsed, errors } = parseMandateCsv(readFileSync(file, 'utf8'));
    for (const e of errors) process.stdout.write(`line ${e.line}: ${e.code}: ${e.message}\n`);
    const outcomes: Outcome[] = [];
    const tick = progress('mandates');
    for (const [i, m] of parsed.entries()) {
      const res = await fetch(`${values.gateway}/mandates`, { method: 'POST', body: JSON.stringify(m.mandate), headers: { 'content-type': 'application/json' } });
      const body = (await res.json()) as { id?: string; duplicate?: boolean; error?: { details?: Outcome['errors'] } };
      if (res.ok) outcomes.push({ reference: m.reference, lines: m.lines, status: body.duplicate ? 'duplicate' : 'accepted', ...(body.id ? { id: body.id } : {}) });
      else outcomes.push({ reference: m.reference, lines: m.lines, status: 'refused', errors: body.error?.details ?? [{ field: '(body)', code: `HTTP_${res.status}`, message: JSON.stringify(body) }] });
      tick(i + 1, parsed.length);
    }
    for (const o of outcomes.filter((x) => x.status === 'refused')) {
      for (const e of o.errors ?? []) process.stdout.write(`lines ${o.lines.join(',')} (${o.reference}): ${e.field}: ${e.code}: ${e.message}\n`);
    }
    const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
    process.stdout.write(`${count('accepted')} accepted, ${count('duplicate')} already submitted, ${count('refused') + errors.length} refused\n`);
    if (values.report) writeFileSync(values.report, JSON.stringify({ csvErrors: errors, outcomes }, null, 2));
    return count('refused') + errors.length > 0 ? 1 : 0;
  },
};
