import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from './client.ts';

describe('kafkaLogLevel', () => {
  it("keeps kafkajs's levels", () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Connection error')).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, 'The group is rebalancing')).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, 'Consumer has joined the group')).toBe('info');
  });

  it('logs the bounded-retries warning of every idempotent producer at debug: bounded on purpose', () => {
    expect(kafkaLogLevel(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees')).toBe('debug');
  });
});
