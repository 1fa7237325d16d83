import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrors } from '../auth/auth.errors';
import { BearerAuthenticator } from '../auth/bearer-authenticator';
import { DomainError, forbidden } from '../common/problem/problem';
import { toProblem } from '../common/problem/problem.filter';
import { declaredJobs } from '../common/queue/job';
import { RedisConnections } from '../common/redis/redis';
import { Principal } from '../common/tenancy/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The queue dashboard for platform admins (DESIGN §9, §11) at /admin/queues: bull-board over
 * every queue a job is declared on, read-only (state that matters lives in PostgreSQL; the
 * dashboard is for seeing queue health, not editing it). It is a Fastify plugin outside Nest's
 * routing, so the bearer is checked here with the same token and API-key verification as the API.
 */
export async function registerQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  // Its own Queue objects on a connection that waits for Redis: a Queue made on the fail-fast
  // connection before Redis is ready never recovers, and this runs before the app has started.
  const connection = app.get(RedisConnections).blocking();
  const bearer = app.get(BearerAuthenticator);
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = [...new Set(declaredJobs().map((d) => d.queue))].sort().map((name) => new Queue(name, { connection, prefix: config.redisPrefix }));
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    // @bull-board/fastify pins its own patch release of @bull-board/api: same shape, distinct private fields.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Reclaim queues' } },
  });

  const authenticate = async (request: FastifyRequest): Promise<Principal> => {
    const header = request.headers.authorization;
    if (!header) throw AuthErrors.missingCredentials();
    return bearer.authenticate(header);
  };

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onClose', async () => {
      await Promise.all(queues.map((q) => q.close()));
    });
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const principal = await authenticate(request);
        if (principal.orgKind !== 'platform' || principal.role !== 'admin') throw forbidden('auth.platform_admin_required', 'The queue dashboard is for platform admins.');
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const problem = toProblem(err, request.id, request.url.split('?')[0]);
        return reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
