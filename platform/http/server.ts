/**
 * The HTTP face every service has: /health (the process lives), /ready (its dependencies
 * answer and its consumers joined), /metrics (Prometheus). The gateway adds its API to the same server.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export type ReadinessCheck = () => Promise<boolean> | boolean;

export function createHttpServer(opts: { log: Logger; metrics: Metrics; checks: Record<string, ReadinessCheck>; bodyLimit?: number }): FastifyInstance {
  // Fastify types its instance by logger; the pino child is a FastifyBaseLogger at run time.
  const loggerInstance = opts.log.child({ component: 'http' }) as unknown as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance,
    // Request lines would drown the pipeline's own logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
  });
  app.get('/health', () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const results = Object.fromEntries(
      await Promise.all(
        Object.entries(opts.checks).map(async ([name, check]) => [name, await Promise.resolve(check()).catch(() => false)] as const),
      ),
    );
    const ready = Object.values(results).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  app.get('/metrics', async (_req, reply) => reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics()));
  return app;
}
