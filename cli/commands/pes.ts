/** `einvoice pes summary|validate <file>`: what a PES_Aller holds, and whether the DGFiP schema accepts it. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPesAller } from '../../domain/pes/reader.ts';
import { summarizePes } from '../../domain/pes/summary.ts';
import { cliCatalog } from './schemas.ts';
import type { Command } from './types.ts';

export const pes: Command = {
  summary: 'pes summary <file> [--json] | pes validate <file> [--json]: read or check a PES_Aller file',
  run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [sub, file] = positionals;
    if ((sub !== 'summary' && sub !== 'validate') || !file) throw new Error('usage: einvoice pes summary|validate <file> [--json]');
    const bytes = readFileSync(file);
    if (sub === 'validate') {
      const findings = cliCatalog().validator('pes-aller').validate(bytes);
      if (values.json) process.stdout.write(`${JSON.stringify({ file, valid: findings.length === 0, findings }, null, 2)}\n`);
      else if (findings.length === 0) process.stdout.write(`${file}: valid against PES_V2/Rev0/PES_Aller.xsd\n`);
      else for (const f of findings) process.stdout.write(`${file}:${f.line}:${f.column}: ${f.level}: ${f.message}${f.path ? ` (${f.path})` : ''}\n`);
      return Promise.resolve(findings.some((f) => f.level !== 'warning') ? 1 : 0);
    }
    const { pes: model, findings } = readPesAller(bytes);
    const s = summarizePes(model);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ file, summary: s, findings }, null, 2)}\n`);
    } else {
      const c = s.collectivite;
      process.stdout.write(`${s.nomFic}\n  collectivité ${c.IdColl}${c.LibelleColBud ? ` (${c.LibelleColBud})` : ''}  CodCol ${c.CodCol}  CodBud ${c.CodBud}  poste ${c.IdPost}\n`);
      process.stdout.write(`  exercice(s) ${s.exercices.join(', ')}\n`);
      for (const b of s.bordereaux) process.stdout.write(`  bordereau ${b.Exer}/${b.IdBord} type ${b.TypBord}: ${b.NbrPce} pièce(s), HT ${b.MtBordHT}${b.MtBordTVA ? `, TVA ${b.MtBordTVA}` : ''}\n`);
      process.stdout.write(`  ${s.totals.pieces} pièce(s), ${s.totals.lignes} ligne(s), lines total HT ${s.totals.MtHT} TVA ${s.totals.MtTVA}\n`);
      process.stdout.write(`  ${s.pj.count} PJ${s.pj.names.length ? `: ${s.pj.names.join(', ')}` : ''}\n`);
      for (const f of findings) process.stdout.write(`  ${f.severity}: ${f.location ?? ''} ${f.message}\n`);
    }
    return Promise.resolve(findings.some((f) => f.severity === 'fatal') ? 1 : 0);
  },
};
