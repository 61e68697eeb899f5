/**
 * The envelope every message travels in: a deterministic id, a type and schema version,
 * the partition key, the correlation id that follows one invoice through every service,
 * and the id of the message that caused it. Payloads are validated against their event's
 * zod schema on the way out and on the way in.
 */
import { z } from 'zod';

export const Envelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  key: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof Envelope>;

export class EnvelopeError extends Error {
  readonly code = 'ENVELOPE_INVALID';
  readonly issues: z.core.$ZodIssue[];
  constructor(message: string, issues: z.core.$ZodIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

export interface EventType<P extends z.ZodType> {
  type: string;
  version: number;
  payload: P;
}

export const defineEvent = <P extends z.ZodType>(type: string, version: number, payload: P): EventType<P> => ({ type, version, payload });

export interface TypedEnvelope<P> extends Envelope {
  payload: P;
}

export function createEnvelope<P extends z.ZodType>(
  event: EventType<P>,
  fields: { id: string; key: string; correlationId: string; causationId?: string; payload: z.input<P>; occurredAt?: Date },
): TypedEnvelope<z.infer<P>> {
  return {
    id: fields.id,
    type: event.type,
    version: event.version,
    key: fields.key,
    correlationId: fields.correlationId,
    ...(fields.causationId === undefined ? {} : { causationId: fields.causationId }),
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    payload: event.payload.parse(fields.payload),
  };
}

/** Decodes raw Kafka bytes into an envelope; throws EnvelopeError on anything else. */
export function decodeEnvelope(value: Buffer | null): Envelope {
  if (value === null) throw new EnvelopeError('message has no value (tombstone)');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    throw new EnvelopeError('message value is not JSON');
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) throw new EnvelopeError('message is not an envelope', parsed.error.issues);
  return parsed.data;
}

/** Narrows an envelope to one event type, validating its payload. */
export function payloadOf<P extends z.ZodType>(event: EventType<P>, env: Envelope): z.infer<P> {
  if (env.type !== event.type) throw new EnvelopeError(`expected ${event.type}, got ${env.type}`);
  if (env.version !== event.version) throw new EnvelopeError(`${event.type}: unsupported version ${env.version} (this service reads ${event.version})`);
  const parsed = event.payload.safeParse(env.payload);
  if (!parsed.success) throw new EnvelopeError(`${event.type}: payload does not match its schema`, parsed.error.issues);
  return parsed.data;
}
