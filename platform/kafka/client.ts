import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '../log.ts';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

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
        kafkaLog[LEVELS[level] ?? 'info'](rest, message);
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
