/**
 * What alloc-sites.ts and cpu-sites.ts share: the validator's batched path over the official
 * examples of [min-max] bytes, as the service checks them (argv: `[min-max bytes] [sites]`),
 * and V8 profile nodes summed by site (function and place).
 */
import { CHECK_BATCH, checkInvoices } from '../../domain/invoice/validate.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';
import { inBatches } from './bench-report.ts';

export interface BatchedPath {
  /** One pass: every example, in batches of CHECK_BATCH.invoices, each as often. */
  readonly pass: () => void;
  readonly invoicesPerPass: number;
  /** How many sites to show. */
  readonly shown: number;
  /** What is profiled, for the report's first line. */
  readonly described: string;
}

/** The path to profile, warmed up: the profile is of optimised code. */
export function batchedPath(argv: readonly string[], shownByDefault: number): BatchedPath {
  const [min = 5_000, max = 20_000] = (argv[2] ?? '').split('-').filter(Boolean).map(Number);
  const docs = officialExamples(max).map((d) => d.bytes).filter((b) => b.byteLength >= min);
  const catalog = openSchemaCatalog(SCHEMA_DIR);
  const size = CHECK_BATCH.invoices;
  const { pass, items } = inBatches(docs, size, (batch) => checkInvoices(batch, { catalog }));
  for (let i = 0; i < 20; i++) pass();
  return { pass, invoicesPerPass: items, shown: Number(argv[3] ?? shownByDefault), described: `${docs.length} examples of ${min}-${max} bytes in batches of ${size}` };
}

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** `function folder/file.ts:line`; built-ins and WebAssembly by their own names. */
export function siteOf({ functionName, url, lineNumber }: CallFrame): string {
  const where = url ? `${url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}:${lineNumber + 1}` : '(built-in)';
  return `${functionName || '(anonymous)'} ${where}`;
}

/** Amounts summed by site, the largest first, the first `shown`. */
export class BySite {
  private readonly sums = new Map<string, number>();
  total = 0;

  add(frame: CallFrame, amount: number): void {
    const site = siteOf(frame);
    this.sums.set(site, (this.sums.get(site) ?? 0) + amount);
    this.total += amount;
  }

  largest(shown: number): [string, number][] {
    return [...this.sums].sort((a, b) => b[1] - a[1]).slice(0, shown);
  }
}
