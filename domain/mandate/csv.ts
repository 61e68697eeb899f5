/**
 * Mandates from a spreadsheet export: one CSV row per mandate line, rows of one mandate
 * sharing its `reference`. French spreadsheets write `;` and decimal commas: both are read.
 * Rows are grouped and shaped into mandate inputs here; validating them is the model's job,
 * so the caller reports every mandate's errors against the CSV lines it came from.
 */
import { parse } from 'csv-parse/sync';
import { defined } from '../defined.ts';
import type { MandateInput } from './model.ts';

export const CSV_COLUMNS = [
  'reference', 'idColl', 'exer', 'typPce', 'natPce', 'obj', 'codServ', 'modRegl',
  'supplierSiret', 'supplierName', 'supplierAdr2', 'supplierCp', 'supplierVille', 'supplierIban', 'supplierBic',
  'invoiceSellerId', 'invoiceNumber', 'nature', 'fonction', 'operation', 'mtHT', 'mtTVA', 'libVir',
] as const;
const REQUIRED = ['reference', 'idColl', 'exer', 'invoiceSellerId', 'invoiceNumber', 'nature', 'mtHT'] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

export interface CsvMandate {
  reference: string;
  /** 1-based line numbers of its rows in the file (the header is line 1). */
  lines: number[];
  mandate: MandateInput;
}

export interface CsvError {
  line: number;
  code: 'CSV_SYNTAX' | 'CSV_HEADER' | 'CSV_INCONSISTENT';
  message: string;
}

const decimal = (v: string | undefined) => (v === undefined ? undefined : v.replace(/\s/g, '').replace(',', '.'));
const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

export function parseMandateCsv(text: string): { mandates: CsvMandate[]; errors: CsvError[] } {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    const parsed: unknown = parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    records = parsed as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return { mandates: [], errors: [{ line, code: 'CSV_SYNTAX', message: (err as Error).message }] };
  }
  const [header, ...rows] = records;
  const unknown = (header ?? []).filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !(header ?? []).includes(c));
  if (!header || unknown.length > 0 || missing.length > 0) {
    const parts = [missing.length ? `missing columns: ${missing.join(', ')}` : '', unknown.length ? `unknown columns: ${unknown.join(', ')}` : ''];
    return { mandates: [], errors: [{ line: 1, code: 'CSV_HEADER', message: `${parts.filter(Boolean).join('; ')} (expected: ${CSV_COLUMNS.join(', ')})` }] };
  }
  const groups = new Map<string, { lines: number[]; rows: Row[] }>();
  rows.forEach((cells, i) => {
    const row = Object.fromEntries(header.map((h, j) => [h, cells[j]])) as Row;
    const ref = opt(row.reference) ?? `(line ${i + 2})`;
    const g = groups.get(ref) ?? { lines: [], rows: [] };
    g.lines.push(i + 2);
    g.rows.push(row);
    groups.set(ref, g);
  });
  const errors: CsvError[] = [];
  const mandates: CsvMandate[] = [];
  for (const [reference, g] of groups) {
    const first = g.rows[0]!;
    const headerFields = ['idColl', 'exer', 'modRegl', 'supplierSiret', 'invoiceSellerId', 'invoiceNumber'] as const;
    const clash = headerFields.find((f) => g.rows.some((r) => opt(r[f]) !== opt(first[f])));
    if (clash) {
      errors.push({ line: g.lines[0]!, code: 'CSV_INCONSISTENT', message: `mandate ${reference}: its rows disagree on ${clash} (lines ${g.lines.join(', ')})` });
      continue;
    }
    const address =
      opt(first.supplierAdr2) || opt(first.supplierCp) || opt(first.supplierVille)
        ? { adr2: opt(first.supplierAdr2) ?? '', cp: opt(first.supplierCp) ?? '', ville: opt(first.supplierVille) ?? '' }
        : undefined;
    mandates.push({
      reference,
      lines: g.lines,
      mandate: defined({
        reference,
        idColl: opt(first.idColl) ?? '',
        exer: opt(first.exer) ?? '',
        typPce: opt(first.typPce),
        natPce: opt(first.natPce),
        obj: opt(first.obj),
        codServ: opt(first.codServ),
        modRegl: opt(first.modRegl),
        supplier: defined({
          siret: opt(first.supplierSiret),
          name: opt(first.supplierName),
          address,
          iban: opt(first.supplierIban)?.replace(/\s/g, ''),
          bic: opt(first.supplierBic),
        }),
        invoice: { sellerId: opt(first.invoiceSellerId) ?? '', number: opt(first.invoiceNumber) ?? '' },
        lines: g.rows.map((r) =>
          defined({ nature: opt(r.nature) ?? '', fonction: opt(r.fonction), operation: opt(r.operation), mtHT: decimal(opt(r.mtHT)) ?? '', mtTVA: decimal(opt(r.mtTVA)), libVir: opt(r.libVir) }),
        ),
      }),
    });
  }
  return { mandates, errors };
}
