import { resolve } from 'node:path';

/** Project root, whatever the current directory of the test runner. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** Reference material beside the project (official schemas, rules, samples), read-only. */
export const SHARED_DIR = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
/** The configured schema directory; falls back to shared/schemas beside the project. */
export const SCHEMA_DIR = resolve(ROOT, process.env.SCHEMA_DIR ?? resolve(SHARED_DIR, 'schemas'));
export const SAMPLES_DIR = resolve(SHARED_DIR, 'samples');
