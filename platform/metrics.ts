import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service, exposed on GET /metrics in Prometheus text format. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    messages: new Counter({
      name: 'einvoice_messages_total',
      help: 'Messages handled, by consumer and outcome (processed, duplicate, dead_lettered)',
      labelNames: ['consumer', 'outcome'] as const,
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'einvoice_handler_seconds',
      help: 'Time to handle one message, transaction included',
      labelNames: ['consumer'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'einvoice_retries_total',
      help: 'Handler attempts that failed and were retried',
      labelNames: ['consumer', 'kind'] as const,
      registers: [registry],
    }),
    outboxPublished: new Counter({ name: 'einvoice_outbox_published_total', help: 'Outbox messages published to Kafka', registers: [registry] }),
    outboxPending: new Gauge({ name: 'einvoice_outbox_pending', help: 'Outbox messages not yet published, at the last relay pass', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
