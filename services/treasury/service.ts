import type { ServiceDefinition } from '../../platform/service.ts';
import { retryDeadLetters } from '../../platform/kafka/dead-letters.ts';
import { TOPICS } from '../../platform/kafka/topics.ts';
import { postDetail, summarizePosts } from '../../platform/store/operations.ts';
import { TreasuryConfig } from './config.ts';
import { DirectoryEndpoint, HttpEndpoint } from './endpoints.ts';
import { loadRoutes, type RouteConfig } from './routes.ts';
import { acknowledgeHandler } from './acknowledge.ts';
import { createAckPoller } from './ack-poller.ts';
import { transmitHandler, type Route } from './transmit.ts';

const toRoute = (r: RouteConfig): Route => ({
  endpoint: r.type === 'directory' ? new DirectoryEndpoint(r.path) : new HttpEndpoint({ url: r.url, timeoutMs: r.timeoutMs, ...(r.token ? { token: r.token } : {}) }),
  ...(r.throttle ? { throttle: r.throttle } : {}),
});

export const treasury: ServiceDefinition<typeof TreasuryConfig> = {
  name: 'treasury',
  config: TreasuryConfig,
  async setup(ctx) {
    const routes = loadRoutes(ctx.config.TREASURY_ROUTES_FILE, ctx.config.TREASURY_OUTBOX_DIR);
    const byPost = new Map(Object.entries(routes.posts).map(([idPost, r]) => [idPost, toRoute(r)]));
    const fallback = toRoute(routes.default);
    await ctx.consume({
      name: 'treasury-transmit',
      topics: [TOPICS.pesReady.name],
      handle: transmitHandler({ blobs: ctx.blobs, routeFor: (idPost) => byPost.get(idPost) ?? fallback }),
    });

    await ctx.consume({ name: 'treasury-acknowledge', topics: [TOPICS.treasuryAcknowledged.name], handle: acknowledgeHandler({ blobs: ctx.blobs }) });

    // Acknowledgments: each HTTP platform that lists them is polled.
    for (const r of [routes.default, ...Object.values(routes.posts)]) {
      if (r.type !== 'http' || !r.ackUrl) continue;
      const poll = createAckPoller({ ackUrl: r.ackUrl, pool: ctx.pool, blobs: ctx.blobs, relay: ctx.relay, log: ctx.log, timeoutMs: r.timeoutMs });
      let running: Promise<unknown> | undefined;
      const timer = setInterval(() => {
        running ??= poll()
          .catch((err: unknown) => ctx.log.warn({ err, ackUrl: r.ackUrl }, 'acknowledgment poll failed; next pass retries'))
          .finally(() => (running = undefined));
      }, r.ackPollSeconds * 1000);
      ctx.onStop(async () => {
        clearInterval(timer);
        await running;
      });
    }

    // Operations: what waits, is in flight, was rejected or dead-lettered, per treasury post; and resend.
    ctx.http.get('/operations/posts', () => summarizePosts(ctx.pool));
    ctx.http.get<{ Params: { idPost: string } }>('/operations/posts/:idPost', (req) => postDetail(ctx.pool, req.params.idPost));
    ctx.http.post<{ Body: { topic?: string; messageId?: string } }>('/operations/dead-letters/retry', async (req, reply) => {
      const topic = req.body?.topic ?? TOPICS.pesReady.name;
      if (!Object.values(TOPICS).some((t) => t.name === topic)) return reply.code(400).send({ error: { code: 'UNKNOWN_TOPIC', message: `no topic ${topic}` } });
      const deps = { kafka: ctx.kafka, producer: ctx.producer, pool: ctx.pool, prefix: ctx.config.TOPIC_PREFIX };
      return retryDeadLetters(deps, { topic, ...(req.body?.messageId ? { messageId: req.body.messageId } : {}) });
    });
  },
};
