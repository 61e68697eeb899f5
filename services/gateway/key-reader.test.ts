import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPdf, doubleFlateBomb } from '../../domain/invoice/intake/hostile.ts';
import { createLogger } from '../../platform/log.ts';
import { officialExamples } from '../../tests/support/examples.ts';
import { GatewayConfig } from './config.ts';
import { startKeyReader, type KeyReader } from './key-reader.ts';
import { supplierNumberKeyOf } from './supplier-number-key.ts';

const MAX = GatewayConfig.shape.MAX_UPLOAD_BYTES.parse(undefined);
const log = createLogger('key-reader-test', 'silent');
const readers: KeyReader[] = [];
const start = (script?: URL) => {
  const r = startKeyReader(MAX, log, script);
  readers.push(r);
  return r;
};

afterAll(async () => {
  for (const r of readers) await r.close();
});

describe('the key reader worker', () => {
  it('answers each read with its own key, however many are in flight', async () => {
    const reader = start();
    const examples = officialExamples();
    const keys = await Promise.all(examples.map((e) => reader.read(e.bytes)));
    expect(keys).toEqual(examples.map((e) => supplierNumberKeyOf(e.bytes, MAX)));
    expect(keys.every((k) => k?.startsWith('supnum_'))).toBe(true);
  });

  it('reads no key from a PDF bomb, and goes on reading', async () => {
    const reader = start();
    const bomb = buildPdf({ files: [{ name: 'factur-x.xml', stored: doubleFlateBomb(4), filter: '[/FlateDecode /FlateDecode]' }] });
    const [example] = officialExamples();
    expect(await reader.read(bomb)).toBeUndefined();
    expect(await reader.read(example!.bytes)).toBe(supplierNumberKeyOf(example!.bytes, MAX));
  });

  it('fails the reads of a worker that dies, and starts another for the next', async () => {
    const reader = start(new URL('../../tests/support/dying-worker.ts', import.meta.url));
    const bytes = officialExamples()[0]!.bytes;
    await expect(reader.read(bytes)).rejects.toThrow('exited with code 3');
    // Answered, not left waiting: a new worker took the read (and died the same way).
    await expect(reader.read(bytes)).rejects.toThrow('exited with code 3');
  });

  it('fails the reads of a worker that cannot start, without restarting it in a loop', async () => {
    let failures = 0;
    const counting = pino({ level: 'error' }, { write: () => void failures++ });
    const reader = startKeyReader(MAX, counting, new URL('../../tests/support/no-such-worker.ts', import.meta.url));
    readers.push(reader);
    const bytes = officialExamples()[0]!.bytes;
    await expect(reader.read(bytes)).rejects.toThrow('exited with code 1');
    await expect(reader.read(bytes)).rejects.toThrow('exited with code 1');
    await new Promise((r) => setTimeout(r, 500));
    // One worker started with the reader, one for each read at most: restarted in a loop, it would fail dozens of times.
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(failures).toBeLessThanOrEqual(3);
  });

  it('refuses reads once closed', async () => {
    const reader = start();
    await reader.close();
    await expect(reader.read(officialExamples()[0]!.bytes)).rejects.toThrow('closed');
  });
});
