/**
 * npm run demo: the whole pipeline on the official sample invoices, on this machine.
 *  1. schemas linked, a Kafka broker (the project's local one unless KAFKA_BROKERS is set),
 *     a fresh `einvoice_demo` database, a treasury simulator standing in for Hélios;
 *  2. every service started as its own process (kill one with `kill -9 <pid>` to see it come
 *     back: the demo restarts it, and nothing is lost or doubled);
 *  3. the official EN 16931 examples (and the project's French invoice) uploaded, a mandate
 *     submitted for each one that validates, bordereaux closed;
 *  4. where each invoice ended: the PES file it went into and the treasury's answer, or why
 *     it was rejected.
 * Ctrl-C at any time stops everything it started. --keep leaves the services running at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import pg from 'pg';
import { Decimal } from 'decimal.js';
import type { InvoiceSummary } from '../domain/events.ts';
import type { MandateInput } from '../domain/mandate/model.ts';
import { readDocument } from '../domain/invoice/en16931.ts';
import { readXmlTree } from '../platform/xsd/libxml2.ts';
import { intake } from '../domain/invoice/intake/index.ts';
import { summarize } from '../domain/invoice/summary.ts';
import { ibanProblem } from '../domain/pes/identifiers.ts';
import { migrate } from '../platform/db/migrate.ts';
import { upsertBuyer } from '../platform/store/directory.ts';
import type { InvoiceView } from '../platform/store/invoices.ts';
import { ensureLocalBroker } from '../tests/support/local-broker.ts';
import { startChild, type ChildService } from '../tests/support/services.ts';
import { startSimulator } from '../services/treasury-simulator/start.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
const VAR = resolve(ROOT, 'var/demo');
const keep = process.argv.includes('--keep');
const say = (s: string) => process.stdout.write(`${s}\n`);

/** What started, in order, so Ctrl-C and the end stop it in reverse. */
const cleanups: (() => Promise<void> | void)[] = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(130));
process.on('SIGTERM', () => void stopAll(143));

/** The demo's collectivité: the examples' buyers are mapped onto it by their identifiers (directory aliases). */
const COMMUNE = { siret: '21690123100011', name: 'Commune de Saint-Genis-les-Ollières', idPost: '069018', codCol: '123', codBud: '01', nomenclature: 'M57' };
/** Rates the demo's finance department uses to mandate invoices in other currencies (fixed, illustrative). */
const EUR_PER = { DKK: '0.134', NOK: '0.085', SEK: '0.087', HUF: '0.0025', EUR: '1' } as Record<string, string>;

function samples(): string[] {
  const dirs = [join(SHARED, 'samples/en16931/ubl'), join(SHARED, 'samples/en16931/cii')];
  return [...dirs.flatMap((d) => readdirSync(d).map((f) => join(d, f))).sort(), resolve(ROOT, 'fixtures/invoices/fr-mairie-fournitures.ubl.xml')];
}

function buyerIdOf(file: string): string | undefined {
  const doc = intake(readFileSync(file), {});
  if (!doc.ok) return undefined;
  const invoice = readDocument(readXmlTree(doc.xmlBytes).root, doc.syntax);
  return invoice && summarize(invoice).buyer.id;
}

function mandateFor(s: InvoiceSummary, ref: string): MandateInput {
  const rate = new Decimal(EUR_PER[s.currency] ?? '1');
  const eur = (v: string) => new Decimal(v).times(rate).toFixed(2);
  const frenchSiret = s.seller.idScheme === '0009' && /^\d{14}$/.test(s.seller.id ?? '') ? s.seller.id : undefined;
  // Paid by transfer when the invoice gives a usable IBAN, by cheque otherwise.
  const iban = s.payee?.iban && /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s.payee.iban) && !ibanProblem(s.payee.iban) ? s.payee.iban : undefined;
  return {
    reference: ref,
    idColl: COMMUNE.siret,
    exer: '2026',
    obj: `Facture ${s.number}`.slice(0, 100),
    modRegl: iban ? '03' : '02',
    supplier: {
      ...(frenchSiret ? { siret: frenchSiret } : {}),
      name: (s.seller.name ?? 'Fournisseur').slice(0, 38),
      ...(iban ? { iban } : {}),
      ...(iban && s.payee?.bic && /^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(s.payee.bic) ? { bic: s.payee.bic } : {}),
    },
    invoice: { sellerId: s.seller.id ?? '', number: s.number },
    lines: [{ nature: '6068', fonction: '020', mtHT: eur(s.totals.taxExclusive), mtTVA: eur(s.totals.tax) }],
    ...(s.currency === 'EUR' ? {} : { invoiceTotals: { currency: s.currency, taxExclusive: new Decimal(s.totals.taxExclusive).toFixed(2), tax: new Decimal(s.totals.tax).toFixed(2) } }),
  };
}

const TERMINAL = new Set(['rejected', 'mandate_mismatch', 'accepted_by_treasury', 'rejected_by_treasury', 'paid']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  say('== setting up');
  execFileSync(resolve(ROOT, 'scripts/setup-schemas.sh'), { stdio: 'inherit' });
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const local = ensureLocalBroker();
    brokers = local.brokers;
    if (local.stop) cleanups.push(local.stop);
  }
  const serverUrl = new URL(process.env.DEMO_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS einvoice_demo WITH (FORCE)');
  await admin.query('CREATE DATABASE einvoice_demo');
  await admin.end();
  const dbUrl = new URL(serverUrl.toString());
  dbUrl.pathname = '/einvoice_demo';
  const pool = new pg.Pool({ connectionString: dbUrl.toString() });
  cleanups.push(() => pool.end());
  await migrate(pool);
  rmSync(VAR, { recursive: true, force: true });
  mkdirSync(join(VAR, 'logs'), { recursive: true });

  // The treasury: a simulator behind an HTTP route for both demo posts.
  const sim = await startSimulator({ dir: join(VAR, 'treasury'), latencyMs: 300 });
  cleanups.push(() => sim.app.close());
  const route = { type: 'http', url: `${sim.url}/pes`, ackUrl: `${sim.url}/acquits`, ackPollSeconds: 1 };
  writeFileSync(join(VAR, 'routes.json'), JSON.stringify({ default: route, posts: {} }, null, 2));

  // Directory: the examples' buyers become the demo's two collectivités.
  const files = samples();
  const aliases = new Set(files.map(buyerIdOf).filter((id): id is string => id !== undefined && id !== COMMUNE.siret));
  await upsertBuyer(pool, { ...COMMUNE, requiresServiceCode: false, requiresEngagement: false, active: true, aliases: [...aliases] });

  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers,
    DATABASE_URL: dbUrl.toString(),
    TOPIC_PREFIX: `demo.${Date.now()}.`,
    BLOB_DIR: join(VAR, 'blobs'),
    FR_RULES: 'warn',
    TREASURY_ROUTES_FILE: join(VAR, 'routes.json'),
    BORDEREAU_MAX_AGE_SECONDS: '4',
    BORDEREAU_SWEEP_SECONDS: '1',
    LOG_LEVEL: 'info',
  };
  say('== starting services (logs in var/demo/logs/)');
  const children = new Map<string, ChildService>();
  const launch = (name: string) => {
    const c = startChild(name, env, join(VAR, 'logs', `${name}.log`));
    children.set(name, c);
    say(`   ${name.padEnd(10)} pid ${c.process.pid}`);
    void c.exited.then((code) => {
      if (stopping || children.get(name) !== c) return;
      say(`   ${name} exited (${code ?? 'killed'}); restarting it`);
      launch(name);
    });
  };
  for (const name of ['gateway', 'validator', 'bordereau', 'treasury']) launch(name);
  cleanups.push(async () => {
    stopping = true;
    await Promise.all([...children.values()].map((c) => c.kill('SIGTERM')));
  });
  const gateway = 'http://127.0.0.1:8080';
  for (let i = 0; ; i++) {
    if (await fetch(`${gateway}/ready`).then((r) => r.ok, () => false)) break;
    if (i > 120) throw new Error('the gateway did not become ready; see var/demo/logs/gateway.log');
    await sleep(500);
  }

  say(`== uploading ${files.length} invoices`);
  const uploaded = new Map<string, string>();
  for (const f of files) {
    const res = await fetch(`${gateway}/invoices`, { method: 'POST', body: readFileSync(f), headers: { 'content-type': 'application/octet-stream', 'x-file-name': basename(f) } });
    uploaded.set(f, ((await res.json()) as { id: string }).id);
  }

  say('== mandating what validates, waiting for the treasury');
  const mandated = new Set<string>();
  /** Mandates the gateway refused, with its reasons: those invoices stay waiting for a mandate. */
  const refused = new Map<string, string>();
  let shown = -1;
  const views = new Map<string, InvoiceView>();
  for (let round = 0; ; round++) {
    for (const [f, id] of uploaded) {
      const v = (await (await fetch(`${gateway}/invoices/${id}`)).json()) as InvoiceView;
      views.set(f, v);
      if (v.summary && !mandated.has(id) && v.status === 'waiting_for_mandate') {
        const res = await fetch(`${gateway}/mandates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(mandateFor(v.summary as InvoiceSummary, `DEMO-${id.slice(4, 16)}`)),
        });
        if (!res.ok) refused.set(f, ((await res.json()) as { error: { details: { field: string; message: string }[] } }).error.details.map((d) => `${d.field}: ${d.message}`).join(' | '));
        mandated.add(id);
      }
    }
    const done = [...views.entries()].filter(([f, v]) => TERMINAL.has(v.status) || refused.has(f)).length;
    if (done !== shown) say(`   ${done}/${uploaded.size} settled`);
    shown = done;
    if (done === uploaded.size) break;
    if (round > 240) {
      say('\n   some invoices did not settle in 2 minutes; showing where they are');
      break;
    }
    await sleep(500);
  }
  say('== where each invoice ended');
  for (const [f, v] of views) {
    const sent = v.history.find((h) => h.to === 'sent')?.detail as { nomFic?: string } | undefined;
    const last = v.history.at(-1)?.detail as { problems?: { message: string }[]; anomalies?: { code: string; libelle: string }[] } | undefined;
    const findings = (v.findings as { rule: string; message: string; severity: string }[] | null)?.filter((x) => x.severity === 'fatal') ?? [];
    let where = '';
    if (v.status === 'rejected') where = findings.map((x) => `${x.rule}: ${x.message}`).slice(0, 2).join(' | ');
    else if (v.status === 'mandate_mismatch') where = last?.problems?.map((p) => p.message).join(' | ') ?? '';
    else if (refused.has(f)) where = `mandate refused: ${refused.get(f)}`;
    else if (sent?.nomFic) where = `${sent.nomFic}.xml${last?.anomalies?.length ? ` — ${last.anomalies.map((a) => `${a.code} ${a.libelle}`).join(' | ')}` : ''}`;
    say(`${basename(f).padEnd(58).slice(0, 58)} ${v.status.padEnd(22)} ${where}`);
  }
  say(`\nPES files as the treasury received them: ${join(VAR, 'treasury/received')}; its acknowledgments: ${join(VAR, 'treasury/acquits')}`);
  if (keep) {
    say('services keep running (gateway http://127.0.0.1:8080); Ctrl-C stops everything');
    return;
  }
  await stopAll(0);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll(1);
});
