/**
 * Where the validator's path allocates: V8 heap per invoice by allocating function, over the
 * official examples of [min-max] bytes checked in batches as the service checks them. V8's
 * sampling heap profiler, with the objects that collections freed counted too: garbage is
 * what this is about. Allocation, unlike time, does not drift with this VM, so this says where
 * a cut would show (ab.ts then measures it).
 *   node_modules/.bin/node scripts/bench/alloc-sites.ts [min-max bytes] [sites]
 * Prints; writes nothing.
 */
import { Session } from 'node:inspector/promises';
import { CHECK_BATCH, checkInvoices } from '../../domain/invoice/validate.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const [min = 5_000, max = 20_000] = (process.argv[2] ?? '').split('-').filter(Boolean).map(Number);
const shown = Number(process.argv[3] ?? 30);
const docs = officialExamples(max).map((d) => d.bytes).filter((b) => b.byteLength >= min);
const catalog = openSchemaCatalog(SCHEMA_DIR);
const batches = Array.from({ length: docs.length }, (_, b) => Array.from({ length: CHECK_BATCH.invoices }, (_, k) => docs[(b * CHECK_BATCH.invoices + k) % docs.length]!));
const pass = () => {
  for (const batch of batches) checkInvoices(batch, { catalog });
};
for (let i = 0; i < 20; i++) pass(); // warm-up: optimised code allocates less
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const PASSES = 10;
for (let i = 0; i < PASSES; i++) pass();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
session.disconnect();

const bySite = new Map<string, number>();
let total = 0;
const visit = (n: ProfileNode): void => {
  const { functionName, url, lineNumber } = n.callFrame;
  const site = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}:${lineNumber + 1}` : '(built-in)'}`;
  bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
  total += n.selfSize;
  n.children.forEach(visit);
};
visit(profile.head);
const invoices = PASSES * batches.length * CHECK_BATCH.invoices;
const kb = (bytes: number) => (bytes / invoices / 1024).toFixed(2).padStart(6);
process.stdout.write(`V8 heap per invoice, ${docs.length} examples of ${min}-${max} bytes in batches of ${CHECK_BATCH.invoices}: ${kb(total).trim()} KB (sampled)\n`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, shown)) process.stdout.write(`${kb(bytes)} KB  ${site}\n`);
