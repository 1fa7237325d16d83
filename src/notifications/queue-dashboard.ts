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
import { QueueDashboardTickets, SESSION_COOKIE } from './queue-dashboard-tickets.service';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const SESSION_PATH = `${QUEUE_DASHBOARD_PATH}/session`;

/** One cookie's value from a Cookie header (RFC 6265 §5.4); the dashboard reads no other. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

/**
 * The queue dashboard for platform admins (DESIGN §9, §11) at /admin/queues: bull-board over
 * every queue a job is declared on, read-only (state that matters lives in PostgreSQL; the
 * dashboard is for seeing queue health, not editing it). It is a Fastify plugin outside Nest's
 * routing, so the bearer is checked here with the same token and API-key verification as the API.
 * A browser opened from the console has no bearer: it posts a one-time ticket to
 * `/admin/queues/session` (QueueDashboardTickets) and is then known by the session cookie.
 */
export async function registerQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const bearer = app.get(BearerAuthenticator);
  const tickets = app.get(QueueDashboardTickets);
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
    if (header) return bearer.authenticate(header);
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (!cookie) throw AuthErrors.missingCredentials();
    const principal = await tickets.verifySession(cookie);
    if (!principal || !(await bearer.confirms(principal))) throw AuthErrors.invalidToken();
    return principal;
  };
  const refuse = (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (!(err instanceof DomainError)) throw err;
    const problem = toProblem(err, request.id, request.url.split('?')[0]);
    return reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  };

  await app.register(async (scope: FastifyInstance) => {
    // The console's form post: the ticket in the body, never in a URL (logs, history, Referer).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.post(SESSION_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const session = await tickets.redeem((request.body as Record<string, unknown> | undefined)?.ticket);
        const secure = request.protocol === 'https' ? '; Secure' : '';
        return reply
          .status(303)
          .header('set-cookie', `${SESSION_COOKIE}=${session}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${tickets.sessionSeconds()}; HttpOnly; SameSite=Strict${secure}`)
          .header('cache-control', 'no-store')
          .header('location', QUEUE_DASHBOARD_PATH)
          .send();
      } catch (err) {
        return refuse(err, request, reply);
      }
    });
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method === 'POST' && request.url === SESSION_PATH) return;
      try {
        const principal = await authenticate(request);
        if (principal.orgKind !== 'platform' || principal.role !== 'admin') throw forbidden('auth.platform_admin_required', 'The queue dashboard is for platform admins.');
      } catch (err) {
        return refuse(err, request, reply);
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
