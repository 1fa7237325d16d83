import pino from 'pino';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { createHttpApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_ACCOUNTS, DemoSeeder } from '../../src/demo/demo-seeder';
import { dropDatabase, withAdminClient } from '../support/databases';
import { createTestApp, createTestDatabase, deleteRedisKeys, testEnv, TestApp } from '../support/test-app';

/** What a newcomer sees on a first `npm start` (issue 10 §4): readiness, request log, /docs, headers. */
describe('first run', () => {
  describe('readiness', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SEED_DEMO_DATA: 'true' });
    });
    afterAll(() => t.close());

    it('answers 503 until the demo data is seeded, then 200', async () => {
      const before = await t.http.get('/v1/health/ready');
      expect(before.status).toBe(503);
      expect(before.body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'up' }, redis: { status: 'up' }, startup: { status: 'down', error: 'still starting: demo data' } } });

      await t.app.get(DemoSeeder).seed();

      const after = await t.http.get('/v1/health/ready');
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ status: 'ok', checks: { startup: { status: 'up' } } });
      const seeded = await t.db.query('SELECT email FROM users WHERE email = ANY($1)', [DEMO_ACCOUNTS.map((a) => a.email)]);
      expect(seeded).toHaveLength(DEMO_ACCOUNTS.length);
    });
  });

  describe('request log', () => {
    const lines: Record<string, unknown>[] = [];
    let database: string;
    let app: Awaited<ReturnType<typeof createHttpApp>>;
    let http: ReturnType<typeof supertest>;
    beforeAll(async () => {
      database = await createTestDatabase();
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      app = await createHttpApp(loadConfig(testEnv(database, `test:${database}`, { LOG_LEVEL: 'info' })), { logger: pino({ level: 'info' }, sink) });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      http = supertest(app.getHttpServer());
    });
    afterAll(async () => {
      await app.close();
      await withAdminClient((client) => dropDatabase(client, database));
      await deleteRedisKeys(`test:${database}`);
    });

    it("keeps Nest's module and route mapping lines out of the info log", () => {
      expect(lines.some((l) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(l.context as string))).toBe(false);
    });

    it('writes one line per request with method, route, status, duration and request id; health probes stay quiet', async () => {
      lines.length = 0;
      await http.get('/v1/health');
      await http.get('/v1/health/ready');
      const res = await http.get('/v1/cases/5b0e3a8e-0000-4000-8000-000000000000').set('x-request-id', 'req-first-run-1');
      expect(res.status).toBe(401);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ reqId: 'req-first-run-1', method: 'GET', route: '/v1/cases/:id', status: 401, msg: expect.stringMatching(/^GET \/v1\/cases\/:id 401 [\d.]+ms$/) });
      expect(typeof lines[0].duration_ms).toBe('number');
    });
  });

  describe('headers and /docs', () => {
    let t: TestApp;
    beforeAll(async () => {
      // TRUST_PROXY: the proxy setting X-Forwarded-Proto is trusted (issue 11 item 1).
      t = await createTestApp({ TRUST_PROXY: '1' });
    });
    afterAll(() => t.close());

    it('sends neither HSTS nor upgrade-insecure-requests over plain HTTP', async () => {
      const res = await t.http.get('/v1/health');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    });

    it('sends both behind a trusted proxy that says the request came over HTTPS', async () => {
      const res = await t.http.get('/v1/health').set('x-forwarded-proto', 'https');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    });

    it('serves the OpenAPI UI at /docs and redirects /docs/ there', async () => {
      const docs = await t.http.get('/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).toContain('swagger-ui');
      const slash = await t.http.get('/docs/');
      expect(slash.status).toBe(301);
      expect(slash.headers.location).toBe('/docs');
    });
  });
});
