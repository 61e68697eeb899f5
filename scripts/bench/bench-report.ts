/** Shared by the benchmarks: how a figure is measured, and the section of BENCHMARKS.md it goes to. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { intake } from '../../domain/invoice/intake/index.ts';
import type { IntakeSuccess } from '../../domain/invoice/intake/result.ts';

export const BENCHMARKS = resolve(import.meta.dirname, '../../BENCHMARKS.md');

export const machine = (): string => `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;

/** Each example as the validator's intake takes it in (format, schema, decoded text): stages timed after intake start from these. */
export function intakeEach(examples: readonly Buffer[]): IntakeSuccess[] {
  return examples.map((bytes) => {
    const r = intake(bytes, {});
    if (!r.ok) throw new Error(`an official example failed intake: ${r.findings[0]?.message ?? ''}`);
    return r;
  });
}

export function writeSection(title: string, body: string): void {
  const text = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const section = `## ${title}\n\n${body.trim()}\n`;
  const start = text.indexOf(`## ${title}\n`);
  if (start < 0) {
    writeFileSync(BENCHMARKS, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  writeFileSync(BENCHMARKS, `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next)}`);
}

/** How many runs each figure is the fastest of. */
export const RUNS = 10;

/** Something to time: one pass applies a function to each of `items` inputs in turn; `one` to input `i` alone. */
export interface Measure {
  readonly items: number;
  readonly pass: () => void;
  readonly one: (i: number) => void;
}

export const measure = <T>(inputs: readonly T[], f: (input: T) => unknown): Measure => ({
  items: inputs.length,
  pass: () => {
    for (const x of inputs) f(x);
  },
  one: (i) => {
    f(inputs[i]!);
  },
});

/**
 * `check` over batches of `size` of `set`, as the validator service checks the invoices of a
 * Kafka batch: each input `size` times per pass, in turn across the batches; figures per input.
 */
export function inBatches<T>(set: readonly T[], size: number, check: (batch: T[]) => unknown): Measure {
  const batches = Array.from({ length: set.length }, (_, b) => Array.from({ length: size }, (_, k) => set[(b * size + k) % set.length]!));
  return {
    items: set.length * size,
    pass: () => {
      for (const batch of batches) check(batch);
    },
    // A batch is checked at its first input, so that what the inputs allocate adds up to what the batches do.
    one: (i) => {
      if (i % size === 0) check(batches[i / size]!);
    },
  };
}

/**
 * Bytes of V8 heap each measure allocates per input, on average over its inputs: for each input,
 * the growth of the heap over one call that no garbage collection interrupted (v8.GCProfiler
 * tells), the median of several. Unlike time, this does not drift with the machine's load, so
 * it shows what a change does to the garbage the path makes, which costs collection time and
 * cache misses; after warm-up it is the same from one run to the next.
 */
export function allocatedBytesEach<K extends string>(measures: Record<K, Measure>, samples = 5): Record<K, number> {
  const entries = Object.entries(measures) as [K, Measure][];
  for (const [, m] of entries) for (let i = 0; i < 200; i++) m.pass(); // warm-up: optimised code allocates less
  const result = {} as Record<K, number>;
  for (const [k, m] of entries) {
    let total = 0;
    for (let i = 0; i < m.items; i++) {
      const growths: number[] = [];
      for (let tries = 0; growths.length < samples && tries < 50 * samples; tries++) {
        const profiler = new GCProfiler();
        profiler.start();
        const before = getHeapStatistics().used_heap_size;
        m.one(i);
        const after = getHeapStatistics().used_heap_size;
        if ((profiler.stop()?.statistics.length ?? 1) === 0) growths.push(after - before);
      }
      if (growths.length === 0) throw new Error(`every call of input ${i} was interrupted by a garbage collection`);
      // The median: V8 now and then gives memory back without a collection (trimming an array), which would make the least growth too small.
      total += growths.sort((a, b) => a - b)[growths.length >> 1]!;
    }
    result[k] = total / m.items;
  }
  return result;
}

/**
 * CPU µs per input of each measure, in each of `runs` runs of about half a second of this
 * process's CPU time. CPU time, because the figure is per core. The measures take turns, run
 * after run, so that each sees the same spells of a machine whose speed drifts: figures meant to
 * be compared (a stage and the whole, two checkouts) are comparable run by run.
 */
export function cpuMicrosRuns<K extends string>(measures: Record<K, Measure>, runs = RUNS): Record<K, number[]> {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  const entries = Object.entries(measures) as [K, Measure][];
  for (const [, m] of entries) for (let i = 0; i < 20; i++) m.pass(); // warm-up
  const times = Object.fromEntries(entries.map(([k]) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < runs; r++) {
    for (const [k, m] of entries) {
      let rounds = 0;
      const start = cpu();
      while (cpu() - start < 500_000) {
        m.pass();
        rounds += 1;
      }
      times[k].push((cpu() - start) / (rounds * m.items));
    }
  }
  return times;
}

/**
 * The fastest of the runs of cpuMicrosRuns: other processes on a shared machine (or a busy host
 * under a VM) only ever slow a run down.
 */
export function cpuMicrosEach<K extends string>(measures: Record<K, Measure>, runs = RUNS): Record<K, number> {
  const times = cpuMicrosRuns(measures, runs);
  return Object.fromEntries(Object.entries<number[]>(times).map(([k, t]) => [k, Math.min(...t)])) as Record<K, number>;
}

/** Garbage collections, and their cost per input, while `m` runs over at least `inputs` inputs after a warm-up (v8.GCProfiler). */
export function garbageCollection(m: Measure, inputs: number): { invoices: number; collections: number; usPerInvoice: number } {
  for (let i = 0; i < 50; i++) m.pass();
  const passes = Math.ceil(inputs / m.items);
  const profiler = new GCProfiler();
  profiler.start();
  for (let i = 0; i < passes; i++) m.pass();
  const statistics = profiler.stop()?.statistics ?? [];
  const n = passes * m.items;
  return { invoices: n, collections: statistics.length, usPerInvoice: statistics.reduce((a, e) => a + e.cost, 0) / n };
}
