import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '../log.ts';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs warns at every idempotent producer's creation that retries are bounded. They are on
 * purpose: a send that gives up leaves its outbox rows pending, and they go out again under the
 * same message ids, which consumers deduplicate (docs/processing-contract.md). Logged at debug,
 * so that a warning in the logs always asks for a look.
 */
const EXPECTED_WARNINGS: ReadonlySet<string> = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** The pino level for one kafkajs log entry. */
export function kafkaLogLevel(level: logLevel, message: string): 'error' | 'warn' | 'info' | 'debug' {
  if (level === logLevel.WARN && EXPECTED_WARNINGS.has(message)) return 'debug';
  return LEVELS[level] ?? 'info';
}

/** A kafkajs client whose own logs go through the service's pino logger. */
export function createKafka(clientId: string, brokers: string[], log: Logger): Kafka {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        kafkaLog[kafkaLogLevel(level, message)](rest, message);
      },
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/**
 * Idempotent producer: a retried send is written once per partition. The partitioner is named
 * (it is kafkajs 2's default, murmur2 as in the Java client) because a key's partition must never
 * change between releases: per-invoice ordering depends on it.
 */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}
