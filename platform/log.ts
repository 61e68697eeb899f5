import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs, one line per event. Every record carries the service name; records about one
 * invoice carry its `correlationId` (the invoice id), so one query follows it across services.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * kafkajs 2.2.4 arms a timer with a negative delay on every connection (tulios/kafkajs#1751);
 * Node 24 runs it after 1 ms, which is what kafkajs meant, and warns each time.
 */
const KNOWN_HARMLESS = new Set(['TimeoutNegativeWarning']);

/**
 * Process warnings as JSON log records, instead of the raw lines Node writes on stderr, which a
 * log pipeline reading JSON would choke on; the known-harmless ones are dropped. Returns a
 * function that puts Node's own handling back.
 */
export function logProcessWarnings(log: Logger): () => void {
  const previous = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (w: Error) => {
    if (!KNOWN_HARMLESS.has(w.name)) log.warn({ warning: w.name, err: w }, 'process warning');
  };
  process.on('warning', onWarning);
  return () => {
    process.off('warning', onWarning);
    for (const l of previous) process.on('warning', l);
  };
}
