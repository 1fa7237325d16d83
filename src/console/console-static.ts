import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths the console never answers: the API, its UI and the queue dashboard keep their own 404s. */
const NOT_THE_CONSOLE = /^\/(v1|docs|admin|health)(\/|$|\?)/;
/** A missing hashed file is an old build's: a 404, not the app's page in place of a script. */
const ASSET = /^\/assets\//;

/** The folder holding package.json: `src/console` when run by the tests, `dist/src/console` when built. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` writes the console (web/vite.config.ts). */
export const CONSOLE_DIR = join(projectRoot(__dirname), 'dist', 'console');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reclaim console not built</title></head>
<body><main><h1>The Reclaim console was not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload this page.
The API answers under <a href="/v1/health">/v1</a>; its documentation is at <a href="/docs">/docs</a>.</p></main></body></html>`;

/**
 * The web console (DESIGN §12) at `/`: the built single-page app's files, and its index.html for any
 * other GET outside the API so a deep link (`/listings/:id` in an e-mail) opens the page. Plain
 * Fastify routes, outside Nest's router, so the OpenAPI document does not change.
 */
export async function registerConsole(app: NestFastifyApplication, dir: string = CONSOLE_DIR): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const built = existsSync(join(dir, 'index.html'));
  if (built) {
    // Hashed asset names change with their content, so they may be cached for good; index.html may not.
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      setHeaders: (reply, path) => void reply.header('cache-control', path.startsWith(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (NOT_THE_CONSOLE.test(request.url) || ASSET.test(request.url)) return reply.callNotFound();
    if (built) return reply.sendFile('index.html');
    return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
  };
  if (!built) fastify.get('/', page);
  fastify.get('/*', page);
}
