import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { registerConsole } from './console/console-static';
import { Clock } from './common/clock/clock';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { RequestLog } from './common/logging/request-log';
import { writeClientErrorProblem } from './common/problem/client-error';
import { API_PREFIX, buildOpenApiDocument } from './common/openapi/openapi-document';
import { createValidationPipe } from './common/problem/validation';
import { parseJsonBody } from './common/validation/json-body';
import { rejectUnsafeQueryStrings } from './common/validation/unsafe-query';
import { AppConfig } from './config/app-config';
import { registerQueueDashboard } from './notifications/queue-dashboard';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** TRUST_PROXY for Fastify: a hop count means the nearest `hops` peers are proxies (proxy-addr semantics). */
function trustedProxies(setting: AppConfig['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting === false ? false : [...setting];
}

/** Builds the HTTP application (used by main.ts and by the e2e tests, so both run the same app). */
export async function createHttpApp(config: AppConfig, options: { logger?: Pino; clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createRootLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLog(),
    // X-Forwarded-For is believed only from configured proxies (issue 11 item 1): otherwise any
    // caller could choose its own IP, and with it its rate-limit bucket and its audit-log address.
    trustProxy: trustedProxies(config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    clientErrorHandler: writeClientErrorProblem,
    // A caller's X-Request-Id is kept (so logs join across systems) when it is well-formed.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, { clock: options.clock }), adapter, {
    logger: new PinoNestLogger(logger),
    rawBody: true,
    abortOnError: false,
  });
  app.useBodyParser('application/json', {}, async (_request: unknown, body: Buffer) => parseJsonBody(body));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preValidation', rejectUnsafeQueryStrings);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // HSTS and upgrade-insecure-requests only mean something over HTTPS; over plain HTTP (a LAN
    // address) they break /docs. `request.protocol` reads X-Forwarded-Proto only from a trusted proxy.
    if (request.protocol === 'https') {
      void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') void reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    }
  });
  await app.register(helmet, {
    hsts: false,
    // The OpenAPI UI at /docs needs inline scripts and styles; the JSON API itself renders no HTML.
    // blob: images are the console's photos and charts fetched with the bearer (web/src/ui/protected-image.tsx).
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'], upgradeInsecureRequests: null },
    },
  });
  // The UI's assets are relative to /docs: /docs/ would ask for /docs/docs/…, so it redirects.
  fastify.get('/docs/', (_request, reply) => reply.redirect('/docs', 301));
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await registerQueueDashboard(app);
  await registerConsole(app);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  // process.exit after the hooks ran, so the 'exit' event (the "Reclaim stopped" line) fires.
  app.enableShutdownHooks([], { useProcessExit: true });

  const document = buildOpenApiDocument(app, { serverUrl: config.publicBaseUrl });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
