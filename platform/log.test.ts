import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logProcessWarnings } from './log.ts';

describe('process warnings', () => {
  it('become JSON log records, and the known-harmless kafkajs timer warning is dropped', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const restore = logProcessWarnings(pino({ base: { service: 'test' } }, sink));
    try {
      process.emitWarning('-1796433002207 is a negative number.', 'TimeoutNegativeWarning');
      process.emitWarning('something to look at', 'ExperimentalWarning');
      await new Promise((r) => setTimeout(r, 10)); // warnings are emitted on the next tick
    } finally {
      restore();
    }
    const records = lines.map((l) => JSON.parse(l) as { level: number; msg: string; warning: string; err: { message: string } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 40, msg: 'process warning', warning: 'ExperimentalWarning', err: { message: 'something to look at' } });
  });
});
