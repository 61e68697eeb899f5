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
import { batchedPath, BySite, type CallFrame } from './sites.ts';

interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}

const path = batchedPath(process.argv, 30);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const PASSES = 10;
for (let i = 0; i < PASSES; i++) path.pass();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
session.disconnect();

const sites = new BySite();
const visit = (n: ProfileNode): void => {
  sites.add(n.callFrame, n.selfSize);
  n.children.forEach(visit);
};
visit(profile.head);
const invoices = PASSES * path.invoicesPerPass;
const kb = (bytes: number) => (bytes / invoices / 1024).toFixed(2).padStart(6);
process.stdout.write(`V8 heap per invoice, ${path.described}: ${kb(sites.total).trim()} KB (sampled)\n`);
for (const [site, bytes] of sites.largest(path.shown)) process.stdout.write(`${kb(bytes)} KB  ${site}\n`);
