/**
 * Every topic the pipeline uses, declared once with its partition count and configuration.
 * Services create what is missing at start (ensureTopics); nothing is auto-created by the broker.
 *
 * The road of an invoice, in topic order:
 *   invoice.received → (validator) → invoice.validated | invoice.rejected
 *   invoice.validated + mandate.submitted → (bordereau) → pes.ready
 *   pes.ready → (treasury) → pes.transmitted, and acknowledgments → treasury.acknowledged
 *   invoice.status carries every status change (compacted: the latest per invoice).
 */
import type { Admin, ITopicConfig } from 'kafkajs';
import type { Logger } from '../log.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface TopicSpec {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

/** Large enough for the canonical model of an invoice of thousands of lines; originals never travel in messages. */
const MAX_MESSAGE_BYTES = String(16 * 1024 * 1024);

const events = (name: string, partitions: number, retentionDays: number): TopicSpec => ({
  name,
  partitions,
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(retentionDays * DAY_MS), 'max.message.bytes': MAX_MESSAGE_BYTES },
});

/** Messages a consumer gave up on, with the error in their headers; kept long enough for an operator. */
const deadLetters = (of: string): TopicSpec => events(`${of}.dlq`, 1, 30);

export const TOPICS = {
  invoiceReceived: events('invoice.received', 12, 14),
  invoiceValidated: events('invoice.validated', 12, 30),
  invoiceRejected: events('invoice.rejected', 6, 30),
  mandateSubmitted: events('mandate.submitted', 6, 30),
  pesReady: events('pes.ready', 6, 30),
  pesTransmitted: events('pes.transmitted', 6, 30),
  treasuryAcknowledged: events('treasury.acknowledged', 6, 30),
  invoiceStatus: {
    name: 'invoice.status',
    partitions: 12,
    config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(DAY_MS), 'segment.ms': String(DAY_MS) },
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey]['name'];

/** Consumed topics get a dead-letter twin. */
const CONSUMED: TopicName[] = ['invoice.received', 'invoice.validated', 'mandate.submitted', 'pes.ready', 'treasury.acknowledged'];

export const ALL_TOPICS: TopicSpec[] = [...Object.values(TOPICS), ...CONSUMED.map(deadLetters)];

/** Kafka deletes whole segments, so a message can outlive its topic's retention by up to a segment's age (7 days unless set). */
const DEFAULT_SEGMENT_MS = 7 * DAY_MS;

/**
 * The longest a message of a consumed topic can stay in Kafka, so be delivered again by a
 * replay, in days: how long consumers must remember what they processed.
 */
export const REPLAY_WINDOW_DAYS = Math.ceil(
  Math.max(
    ...CONSUMED.map((name) => {
      const config: Record<string, string | undefined> = Object.values(TOPICS).find((t) => t.name === name)!.config;
      return Number(config['retention.ms']) + Number(config['segment.ms'] ?? DEFAULT_SEGMENT_MS);
    }),
  ) / DAY_MS,
);

export const dlqOf = (topic: string): string => `${topic}.dlq`;

/** Creates the missing topics under `prefix`; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, prefix: string, log: Logger, specs: TopicSpec[] = ALL_TOPICS): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((t) => !existing.has(prefix + t.name))
    .map((t) => ({
      topic: prefix + t.name,
      numPartitions: t.partitions,
      replicationFactor: -1, // the broker's default.replication.factor
      configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
    }));
  if (missing.length === 0) return;
  // Leaders are awaited below: kafkajs's own wait throws on a freshly started KRaft broker.
  await admin.createTopics({ topics: missing, waitForLeaders: false });
  // A broker that just started may answer before every partition has a leader it knows of.
  const names = missing.map((t) => t.topic);
  for (let attempt = 0; ; attempt++) {
    const { topics } = await admin.fetchTopicMetadata({ topics: names }).catch(() => ({ topics: [] }));
    const ready = topics.length === names.length && topics.every((t) => t.partitions.every((p) => p.leader >= 0));
    if (ready) break;
    if (attempt >= 50) throw new Error(`topics without a leader after 10 s: ${names.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log.info({ topics: names }, 'created topics');
}
