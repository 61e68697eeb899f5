import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs, one line per event. Every record carries the service name; records about one
 * invoice carry its `correlationId` (the invoice id), so one query follows it across services.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
