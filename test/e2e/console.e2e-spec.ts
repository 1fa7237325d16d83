import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import supertest from 'supertest';
import { buildConsole } from '../../scripts/console-build';
import { registerConsole } from '../../src/console/console-static';
import { createTestApp, TestApp } from '../support/test-app';

/** The console at / (src/console): its files, the SPA fallback, and the API's paths left alone. */
describe('the web console served by the API', () => {
  let t: TestApp;

  beforeAll(async () => {
    buildConsole({ ifStale: true, say: () => undefined });
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the console at / and its page for a deep link', async () => {
    for (const path of ['/', '/listings/0b3c7d7e-0000-4000-8000-000000000000', '/notifications']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('serves the built script, and a 404 for an asset that is not there', async () => {
    const index = await t.http.get('/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1]!;
    const asset = await t.http.get(script);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await t.http.get('/assets/gone-1234.js')).status).toBe(404);
  });

  it('leaves /v1, /docs and /admin/queues to their own answers', async () => {
    const unknown = await t.http.get('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http.get('/v1/health')).status).toBe(200);
    expect((await t.http.get('/docs')).text).not.toContain('<div id="root"></div>');
    expect((await t.http.get('/admin/queues')).status).toBe(401);
  });
});

@Module({})
class NothingModule {}

describe('the console when it was not built', () => {
  it('answers / and deep links with a page saying how to build it, and leaves /v1 alone', async () => {
    const app = await NestFactory.create<NestFastifyApplication>(NothingModule, new FastifyAdapter(), { logger: false });
    await registerConsole(app, join(__dirname, 'no-console-here'));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const http = supertest(app.getHttpServer());
      for (const path of ['/', '/jobs/1']) {
        const res = await http.get(path);
        expect(res.status).toBe(503);
        expect(res.text).toContain('The Reclaim console was not built');
        expect(res.text).toContain('npm run build');
      }
      expect((await http.get('/v1/anything')).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
