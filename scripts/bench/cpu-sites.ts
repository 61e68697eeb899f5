/**
 * Where the validator's path spends its CPU: self time per invoice by function, over the
 * official examples of [min-max] bytes checked in batches as the service checks them. V8's
 * sampling CPU profiler; WebAssembly functions show under their own names, so libxml2's share
 * is seen next to the rules'. Samples drift with this VM as time does: compare shares, and
 * measure a change with ab.ts.
 *   node_modules/.bin/node scripts/bench/cpu-sites.ts [min-max bytes] [sites]
 * Prints; writes nothing.
 */
import { Session } from 'node:inspector/promises';
import { CHECK_BATCH, checkInvoices } from '../../domain/invoice/validate.ts';
import { openSchemaCatalog } from '../../platform/xsd/libxml2.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { SCHEMA_DIR } from '../../tests/support/paths.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [min = 5_000, max = 20_000] = (process.argv[2] ?? '').split('-').filter(Boolean).map(Number);
const shown = Number(process.argv[3] ?? 40);
const docs = officialExamples(max).map((d) => d.bytes).filter((b) => b.byteLength >= min);
const catalog = openSchemaCatalog(SCHEMA_DIR);
const batches = Array.from({ length: docs.length }, (_, b) => Array.from({ length: CHECK_BATCH.invoices }, (_, k) => docs[(b * CHECK_BATCH.invoices + k) % docs.length]!));
const pass = () => {
  for (const batch of batches) checkInvoices(batch, { catalog });
};
for (let i = 0; i < 20; i++) pass(); // warm-up: the profile is of optimised code
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const PASSES = 40;
const started = process.cpuUsage();
for (let i = 0; i < PASSES; i++) pass();
const cpu = process.cpuUsage(started);
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
session.disconnect();

const bySite = new Map<string, number>();
let total = 0;
let wasm = 0;
for (const n of profile.nodes) {
  if (n.callFrame.url.startsWith('wasm')) wasm += n.hitCount ?? 0;
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
  const site = `${functionName || '(anonymous)'} ${where}`.trim();
  bySite.set(site, (bySite.get(site) ?? 0) + (n.hitCount ?? 0));
  total += n.hitCount ?? 0;
}
const invoices = PASSES * batches.length * CHECK_BATCH.invoices;
const usEach = (cpu.user + cpu.system) / invoices;
const share = (hits: number) => `${((100 * hits) / total).toFixed(1).padStart(5)} %  ${((usEach * hits) / total).toFixed(1).padStart(6)} µs`;
process.stdout.write(`CPU per invoice, ${docs.length} examples of ${min}-${max} bytes in batches of ${CHECK_BATCH.invoices}: ${usEach.toFixed(0)} µs (with the profiler on)\n`);
process.stdout.write(`${share(wasm)}  all WebAssembly (libxml2), ${share(total - wasm).trim()}  the rest\nSelf time by function:\n`);
for (const [site, hits] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, shown)) process.stdout.write(`${share(hits)}  ${site}\n`);
