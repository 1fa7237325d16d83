import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { API_PREFIX, buildOpenApiDocument } from './common/openapi/openapi-document';
import { loadConfig } from './config/app-config';

/** Where `npm run openapi` writes the document (committed; a unit test checks it matches the code). */
export const OPENAPI_FILE = 'docs/openapi.json';

/**
 * The document as committed: built in Nest's preview mode (the module graph without running a
 * provider, so no database or Redis is needed) with a fixed local server, whatever this shell's
 * environment says; a running deployment serves its own PUBLIC_BASE_URL at /docs/openapi.json.
 */
export async function buildCommittedOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://localhost/reclaim', REDIS_URL: 'redis://localhost:6379' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  try {
    return buildOpenApiDocument(app, { serverUrl: 'http://localhost:3000', serverDescription: 'local development (a deployment serves its PUBLIC_BASE_URL at /docs/openapi.json)' });
  } finally {
    await app.close();
  }
}

/** Stable text: two-space JSON with a final newline, so diffs of the committed file stay readable. */
export const documentText = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;
