import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrors } from '../auth/auth.errors';
import { BearerAuthenticator } from '../auth/bearer-authenticator';
import { DomainError, forbidden } from '../common/problem/problem';
import { toProblem } from '../common/problem/problem.filter';
import { declaredJobs } from '../common/queue/job';
import { QueueService } from '../common/queue/queue.service';
import { Principal } from '../common/tenancy/principal';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The queue dashboard for platform admins (DESIGN §9, §11) at /admin/queues: bull-board over
 * every queue a job is declared on, read-only (state that matters lives in PostgreSQL; the
 * dashboard is for seeing queue health, not editing it). It is a Fastify plugin outside Nest's
 * routing, so the bearer is checked here with the same token and API-key verification as the API.
 */
export async function registerQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const bearer = app.get(BearerAuthenticator);
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  // The same Queue objects as the producers: each waits for Redis on its own connection.
  const queueService = app.get(QueueService);
  const queues = [...new Set(declaredJobs().map((d) => d.queue))].sort().map((name) => queueService.queue(name));
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    // Documented boundary: @bull-board/fastify pins its own patch release of @bull-board/api (same shape, distinct private fields).
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Reclaim queues' } },
  });

  const authenticate = async (request: FastifyRequest): Promise<Principal> => {
    const header = request.headers.authorization;
    if (!header) throw AuthErrors.missingCredentials();
    return bearer.authenticate(header);
  };

  await app.register(async (scope: FastifyInstance) => {
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
