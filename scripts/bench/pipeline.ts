/**
 * The gateway and the validator as they are deployed (one process each) on real Kafka and
 * PostgreSQL: French invoices uploaded over HTTP by concurrent clients, until every one is
 * validated. Measured: uploads answered per second, invoices validated per second from the
 * first upload to the last status, and the validator's CPU per invoice (Linux /proc), with one
 * validator instance, then two (invoice.received has 12 partitions, shared between them).
 *   node_modules/.bin/node scripts/bench/pipeline.ts [invoices]
 * Uses KAFKA_BROKERS when set, else the project's local broker (started, and stopped after, if
 * it was not running), and the PostgreSQL server of BENCH_DATABASE_SERVER (default the local
 * one). Each run has its own database, topic prefix and blob folder, removed at the end.
 * Writes the "Pipeline" section of BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { migrate } from '../../platform/db/migrate.ts';
import { frenchInvoice, seedDirectory } from '../../tests/support/fixtures.ts';
import { ensureLocalBroker } from '../../tests/support/local-broker.ts';
import { createPrivateSpace } from '../../tests/support/private-space.ts';
import { startChild, type ChildService } from '../../tests/support/services.ts';
import { waitFor } from '../../tests/support/wait.ts';
import { machine, writeSection } from './bench-report.ts';

const N = Number(process.argv[2] ?? 5_000);
const CLIENTS = 32;
const say = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ctrl-C or SIGTERM ends the run through its cleanup: services stopped, topics and database dropped. */
let interrupted: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (interrupted = signal));

const freePort = () =>
  new Promise<number>((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
    s.once('error', fail);
  });

/** CPU seconds a process has used so far (user + system), from /proc; undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

function totalCpu(pids: (number | undefined)[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const s = cpuSeconds(pid);
    if (s === undefined) return undefined;
    total += s;
  }
  return total;
}

interface Result {
  validators: number;
  uploadSeconds: number;
  endToEndSeconds: number;
  validatorCpu: number | undefined;
  /** Of which checking the invoices, as the validators' metric counts it. */
  checkCpu: number | undefined;
}

/** CPU seconds the validators listening on `ports` spent checking invoices (einvoice_invoice_check_cpu_seconds), all formats. */
async function checkCpuSeconds(ports: readonly number[]): Promise<number | undefined> {
  let total = 0;
  for (const port of ports) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => (r.ok ? r.text() : undefined), () => undefined);
    const sums = [...(text ?? '').matchAll(/^einvoice_invoice_check_cpu_seconds_sum\{[^}]*\} (\S+)$/gm)];
    if (sums.length === 0) return undefined;
    for (const m of sums) total += Number(m[1]);
  }
  return total;
}

async function runOnce(brokers: string, server: URL, validators: number): Promise<Result> {
  const space = await createPrivateSpace(`v${validators}`, { adminDatabaseUrl: server.toString(), brokers, kind: 'bench' });
  const { env, prefix, dir } = space;
  const pool = new pg.Pool({ connectionString: space.databaseUrl });
  const kafka = new Kafka({ clientId: 'bench', brokers: space.brokers, logLevel: logLevel.NOTHING });
  const kafkaAdmin = kafka.admin();
  const children: ChildService[] = [];
  try {
    await migrate(pool);
    await seedDirectory(pool);
    await kafkaAdmin.connect();
    const port = await freePort();
    children.push(startChild('gateway', { ...env, HTTP_PORT: String(port) }, join(dir, 'gateway.log')));
    const validatorPorts: number[] = [];
    for (let i = 0; i < validators; i++) {
      validatorPorts.push(await freePort());
      children.push(startChild('validator', { ...env, HTTP_PORT: String(validatorPorts[i]) }, join(dir, `validator-${i}.log`)));
    }
    const gateway = `http://127.0.0.1:${port}`;
    // A service that dies (no schema directory, no database…) fails the run at once, with the end of its log.
    const running = () => {
      if (interrupted) throw new Error(`interrupted (${interrupted})`);
      const dead = children.find((c) => c.process.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited with code ${dead.process.exitCode}:\n${readFileSync(dead.logFile, 'utf8').slice(-2000)}`);
      return true;
    };
    await waitFor(() => running() && fetch(`${gateway}/ready`).then((r) => r.ok, () => false), 120_000, 'the gateway');
    // The clock starts once every validator has its partitions, not while they start.
    await waitFor(
      async () => {
        running();
        const { groups } = await kafkaAdmin.describeGroups([`${prefix}validator`]).catch(() => ({ groups: [] }));
        return groups[0]?.state === 'Stable' && groups[0].members.length === validators;
      },
      120_000,
      `${validators} validator(s) in their group`,
    );
    const bodies = Array.from({ length: N }, (_, i) => frenchInvoice(`FA-BENCH-${i}`));
    const pids = children.slice(1).map((c) => c.process.pid);
    const cpuBefore = totalCpu(pids);

    const t0 = performance.now();
    let next = 0;
    let uploaded = 0;
    let uploadSeconds = 0;
    const uploads = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < N; i = next++) {
          const res = await fetch(`${gateway}/invoices`, { method: 'POST', body: bodies[i], headers: { 'content-type': 'application/xml' } });
          if (res.status !== 202) throw new Error(`upload ${i}: HTTP ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          uploaded++;
        }
      }),
    ).then(() => {
      uploadSeconds = (performance.now() - t0) / 1000;
    });
    let settled = 0;
    let failed: Error | undefined;
    uploads.catch((err: unknown) => {
      failed = err instanceof Error ? err : new Error(String(err));
    });
    while (settled < N && !failed) {
      await sleep(1000);
      running();
      const { rows } = await pool.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM invoices WHERE status <> 'received' GROUP BY status");
      settled = rows.reduce((a, r) => a + Number(r.n), 0);
      const rejected = rows.find((r) => r.status === 'rejected');
      if (rejected) throw new Error(`${rejected.n} invoices rejected; see ${dir}`);
      say(`   ${validators} validator(s): ${uploaded}/${N} uploaded, ${settled}/${N} validated, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    if (failed) throw failed;
    await uploads;
    // The last status was written within the last poll: take it from the database, not the poll.
    const { rows } = await pool.query<{ last: Date; first: Date }>('SELECT max(status_at) AS last, min(received_at) AS first FROM invoices');
    const endToEndSeconds = (rows[0]!.last.getTime() - rows[0]!.first.getTime()) / 1000;
    const cpuAfter = totalCpu(pids);
    return {
      validators,
      uploadSeconds,
      endToEndSeconds,
      validatorCpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      checkCpu: await checkCpuSeconds(validatorPorts),
    };
  } finally {
    await Promise.all(children.map((c) => c.kill('SIGTERM')));
    const topics = (await kafkaAdmin.listTopics().catch(() => [])).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await kafkaAdmin.deleteTopics({ topics }).catch(() => undefined);
    await kafkaAdmin.disconnect();
    await pool.end();
    await space.drop();
  }
}

const local = process.env.KAFKA_BROKERS ? undefined : ensureLocalBroker();
const brokers = process.env.KAFKA_BROKERS ?? local!.brokers;
const server = new URL(process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  const results: Result[] = [];
  for (const validators of [1, 2]) {
    say(`== ${N.toLocaleString('en')} invoices, ${validators} validator instance(s)`);
    results.push(await runOnce(brokers, server, validators));
  }
  const kb = frenchInvoice('FA-BENCH-0').byteLength / 1024;
  const msEach = (seconds: number | undefined) => (seconds === undefined ? '—' : `${((seconds / N) * 1000).toFixed(2)} ms`);
  const share = (r: Result) => (r.checkCpu === undefined || r.validatorCpu === undefined ? '' : ` (${Math.round((r.checkCpu / r.validatorCpu) * 100)} %)`);
  const rows = results.map(
    (r) =>
      `| ${r.validators} | ${r.uploadSeconds.toFixed(1)} s | ${Math.round(N / r.uploadSeconds).toLocaleString('en')} | ${r.endToEndSeconds.toFixed(1)} s | **${Math.round(N / r.endToEndSeconds).toLocaleString('en')}** | ${msEach(r.validatorCpu)} | ${msEach(r.checkCpu)}${share(r)} |`,
  );
  const body = `
Command: \`node_modules/.bin/node scripts/bench/pipeline.ts ${N}\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}; Kafka 3.9.1 single-node broker and PostgreSQL 15 on the same machine.
${N.toLocaleString('en')} French UBL invoices (${kb.toFixed(1)} KB each, distinct numbers, buyer in the directory) uploaded to the gateway by ${CLIENTS} concurrent HTTP clients; the gateway and each validator are separate processes (\`services/*/main.ts\`), as deployed. End to end is from the first upload received to the last invoice validated, as PostgreSQL timestamps them; every invoice is validated, none rejected.

| validator instances | upload time | uploads/s | end to end | invoices validated/s | validator CPU per invoice | of which the check |
|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Each invoice costs the validator one PostgreSQL transaction (message recorded as processed, directory lookup, duplicate-number check, status and its history, outbox) and two Kafka messages out, on top of the check itself (see "Invoice validation"); the CPU column includes all of it. The last column is the check alone (intake, XSD, EN 16931 rules), as the validators' metric \`einvoice_invoice_check_cpu_seconds\` counts it, and its share of the validator's CPU.
Everything shares the machine's ${machine().split(' ')[0]} cores: the gateway, the broker and PostgreSQL compete with the validators, so a second instance here shows contention rather than what a second machine would add.
Load average at the end (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(1)).join(', ')}.
`;
  writeSection('Pipeline', body);
  say(body);
} finally {
  local?.stop?.();
}
