import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Collected {
  id: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a throwaway group until `count` messages arrived.
 * With `raw`, values are kept as text (dead letters are not always JSON).
 */
export async function collect(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000, raw = false): Promise<Collected[]> {
  const consumer = kafka.consumer({ groupId: `collect-${randomBytes(6).toString('hex')}` });
  const got: Collected[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length}/${count} messages on ${topic} after ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: ({ message }) => {
          const text = message.value?.toString('utf8') ?? '';
          const value: unknown = raw ? text : JSON.parse(text);
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          const id = raw ? (headers['message-id'] ?? '') : (value as { id: string }).id;
          got.push({ id, key: message.key?.toString() ?? null, value, headers });
          if (got.length >= count) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}
