import { createTestApp, TestApp } from '../support/test-app';
import { aLender } from '../support/factories';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers and reads /me', async () => {
    const lender = await aLender(t).build();
    const me = await t.http.get('/v1/me').set(lender.auth);
    expect(me.status).toBe(200);
    expect(me.body.org.kind).toBe('lender');
  });
});
