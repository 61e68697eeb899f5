/** The worker thread of key-reader.ts: one read at a time, in the order asked. */
import { parentPort, workerData } from 'node:worker_threads';
import { supplierNumberKeyOf } from './supplier-number-key.ts';
import type { KeyReply, KeyRequest } from './key-reader.ts';

const { maxBytes } = workerData as { maxBytes: number };
parentPort!.on('message', ({ id, bytes }: KeyRequest) => {
  let reply: KeyReply;
  try {
    reply = { id, key: supplierNumberKeyOf(bytes, maxBytes) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
});
