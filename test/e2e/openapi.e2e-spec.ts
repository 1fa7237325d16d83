import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';

describe('the served OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://api.reclaim.test' });
  });
  afterAll(() => t.close());

  it('names this deployment (PUBLIC_BASE_URL) as its server and is otherwise the committed docs/openapi.json', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.servers).toEqual([{ url: 'https://api.reclaim.test', description: 'this deployment (PUBLIC_BASE_URL)' }]);
    const committed = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8'));
    expect({ ...res.body, servers: committed.servers }).toEqual(committed);
  });

  it('is readable without credentials', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/v1/auth/login'].post.security).toEqual([]);
  });
});
