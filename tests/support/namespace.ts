/** A private space (private-space.ts) for one test file, on the broker and server the global setup chose. */
import { inject } from 'vitest';
import { createPrivateSpace, type PrivateSpace } from './private-space.ts';

export type TestNamespace = PrivateSpace;

export const createNamespace = (label: string): Promise<TestNamespace> =>
  createPrivateSpace(label, { adminDatabaseUrl: inject('adminDatabaseUrl'), brokers: inject('kafkaBrokers'), kind: 'test', logLevel: process.env.TEST_LOG_LEVEL ?? 'warn' });
