/**
 * Which endpoint serves which treasury post, and how fast it may be fed. Read from a JSON file
 * (TREASURY_ROUTES_FILE) and validated at start: a typo stops the service, it does not
 * misroute a flow.
 *
 * { "default": { "type": "directory", "path": "var/treasury-outbox" },
 *   "posts": { "069018": { "type": "http", "url": "https://tdt.example/pes", "throttle": { "files": 20, "bytes": 100000000, "windowSeconds": 60 } } } }
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export const Throttle = z.object({
  files: z.number().int().positive(),
  bytes: z.number().int().positive(),
  windowSeconds: z.number().positive(),
});
export type Throttle = z.infer<typeof Throttle>;

const common = { throttle: Throttle.optional() };

export const RouteConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('directory'), path: z.string().min(1), ...common }),
  z.object({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }),
    /** Bearer token for the transmission platform, if it wants one. */
    token: z.string().optional(),
    timeoutMs: z.number().int().positive().default(30_000),
    /** Where the platform lists the acknowledgments it received (GET ?after=N, then /N). */
    ackUrl: z.url({ protocol: /^https?$/ }).optional(),
    ackPollSeconds: z.number().positive().default(5),
    ...common,
  }),
]);
export type RouteConfig = z.infer<typeof RouteConfig>;

const IdPost = z.string().regex(/^(02[AB]\d{3,4}|\d{6,7})$/, 'an IdPost: 6–7 digits, or 02A/02B and 3–4 digits');

export const Routes = z.object({
  default: RouteConfig,
  posts: z.record(IdPost, RouteConfig).default({}),
});
export type Routes = z.infer<typeof Routes>;

export class RoutesError extends Error {
  readonly code = 'TREASURY_ROUTES_INVALID';
}

export function loadRoutes(file: string | undefined, defaultDir: string): Routes {
  if (!file) return { default: { type: 'directory', path: defaultDir }, posts: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RoutesError(`${file}: ${(err as Error).message}`);
  }
  const parsed = Routes.safeParse(json);
  if (!parsed.success) throw new RoutesError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const fix = (r: RouteConfig): RouteConfig => (r.type === 'directory' ? { ...r, path: resolve(r.path) } : r);
  return { default: fix(parsed.data.default), posts: Object.fromEntries(Object.entries(parsed.data.posts).map(([k, v]) => [k, fix(v)])) };
}
