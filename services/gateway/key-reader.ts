/**
 * Reads the supplier-and-number key of uploads (supplier-number-key.ts) on a worker thread. The
 * read parses untrusted bytes: a Factur-X of a few kilobytes may inflate 64 MB before intake
 * refuses it, about a tenth of a second of CPU. On the gateway's event loop that would hold up
 * every other request (health checks, status queries, uploads) for as long; on the worker, only
 * the uploads waiting for their key wait.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../platform/log.ts';

export interface KeyRequest {
  id: number;
  bytes: Uint8Array;
}
export type KeyReply = { id: number; key: string | undefined } | { id: number; error: string };

export interface KeyReader {
  /** The key, undefined when the document has none; rejects when the read failed (a defect, or the worker died). */
  read(bytes: Uint8Array): Promise<string | undefined>;
  close(): Promise<void>;
}

/** `script`: the worker's module; tests give one that fails. */
export function startKeyReader(maxBytes: number, log: Logger, script = new URL('./key-reader-worker.ts', import.meta.url)): KeyReader {
  const pending = new Map<number, { resolve: (key: string | undefined) => void; reject: (err: Error) => void }>();
  let next = 0;
  let closing = false;
  let worker: Worker | undefined = spawn();

  function spawn(): Worker {
    const w = new Worker(script, { workerData: { maxBytes } });
    w.on('message', (reply: KeyReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) p?.reject(new Error(reply.error));
      else p?.resolve(reply.key);
    });
    w.on('error', (err) => log.error({ err }, 'the key reader worker failed'));
    // A worker that dies (out of memory on some upload) takes the reads in flight with it: they
    // fail, their uploads fall back to their id, and the next read starts a new worker. Not at
    // once: a worker that cannot even start (a broken deployment) would be restarted in a loop.
    w.on('exit', (code) => {
      for (const p of pending.values()) p.reject(new Error(`the key reader worker exited with code ${code}`));
      pending.clear();
      if (worker === w) worker = undefined;
    });
    // The service's lifecycle, not this worker, decides when the process ends.
    w.unref();
    return w;
  }

  return {
    read(bytes) {
      if (closing) return Promise.reject(new Error('the key reader is closed'));
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        (worker ??= spawn()).postMessage({ id, bytes } satisfies KeyRequest);
      });
    },
    async close() {
      closing = true;
      await worker?.terminate();
    },
  };
}
