/** A key-reader worker that dies at its first request, as one out of memory would. */
import { parentPort } from 'node:worker_threads';

parentPort!.once('message', () => process.exit(3));
