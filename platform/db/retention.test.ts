import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_DAYS } from '../kafka/topics.ts';
import { RetentionPolicy } from './retention.ts';

describe('RetentionPolicy', () => {
  it('keeps processed-message records 45 days and sent outbox rows 90 by default', () => {
    expect(RetentionPolicy.parse({})).toEqual({ processedDays: 45, sentOutboxDays: 90 });
  });

  it('covers the replay window: the longest retention of a consumed topic (30 days) plus a segment (7)', () => {
    expect(REPLAY_WINDOW_DAYS).toBe(37);
    expect(RetentionPolicy.safeParse({ processedDays: 37 }).success).toBe(true);
    const short = RetentionPolicy.safeParse({ processedDays: 36 });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]).toMatchObject({ path: ['processedDays'], message: expect.stringContaining('37 days') as string });
  });

  it('keeps sent outbox rows at least as long as processed-message records', () => {
    expect(RetentionPolicy.safeParse({ processedDays: 60, sentOutboxDays: 50 }).error?.issues[0]?.path).toEqual(['sentOutboxDays']);
    expect(RetentionPolicy.safeParse({ processedDays: 60, sentOutboxDays: 60 }).success).toBe(true);
  });
});
