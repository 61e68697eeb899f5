import { resolve } from 'node:path';
import { z } from 'zod';

/** Thrown at start when the environment does not describe a runnable service. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly issues: { variable: string; message: string }[];
  constructor(issues: { variable: string; message: string }[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

const ROOT = resolve(import.meta.dirname, '..');

/** Settings every service shares; each service extends it with its own. */
export const BaseConfig = z.object({
  SERVICE_NAME: z.string().min(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:19092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  /** Namespaces topics and consumer groups, so several runs share one broker without colliding. */
  TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/einvoice'),
  /** Official schemas (ubl-2.1/, cii-d16b/, factur-x-1.09/, pes-v2/): set up by scripts/setup-schemas.sh. */
  SCHEMA_DIR: z.string().default(resolve(ROOT, 'schemas/official')).transform((p) => resolve(p)),
  /** Content-addressed store of original documents and PES files. */
  BLOB_DIR: z.string().default(resolve(ROOT, 'var/blobs')).transform((p) => resolve(p)),
  /** Port of the service's HTTP server (health, readiness, metrics; the gateway's API); each service has its default. 0 picks a free port. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HTTP_HOST: z.string().default('127.0.0.1'),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

/** Parses `env` with `schema`, reporting every bad variable at once. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: i.path.join('.') || '(env)', message: i.message })));
  }
  return parsed.data;
}
