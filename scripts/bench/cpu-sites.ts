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
import { batchedPath, BySite, type CallFrame } from './sites.ts';

interface ProfileNode {
  callFrame: CallFrame;
  hitCount?: number;
}

const path = batchedPath(process.argv, 40);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const PASSES = 40;
const started = process.cpuUsage();
for (let i = 0; i < PASSES; i++) path.pass();
const cpu = process.cpuUsage(started);
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
session.disconnect();

const sites = new BySite();
let wasm = 0;
for (const n of profile.nodes) {
  if (n.callFrame.url.startsWith('wasm')) wasm += n.hitCount ?? 0;
  sites.add(n.callFrame, n.hitCount ?? 0);
}
const usEach = (cpu.user + cpu.system) / (PASSES * path.invoicesPerPass);
const share = (hits: number) => `${((100 * hits) / sites.total).toFixed(1).padStart(5)} %  ${((usEach * hits) / sites.total).toFixed(1).padStart(6)} µs`;
process.stdout.write(`CPU per invoice, ${path.described}: ${usEach.toFixed(0)} µs (with the profiler on)\n`);
process.stdout.write(`${share(wasm)}  all WebAssembly (libxml2), ${share(sites.total - wasm).trim()}  the rest\nSelf time by function:\n`);
for (const [site, hits] of sites.largest(path.shown)) process.stdout.write(`${share(hits)}  ${site}\n`);
