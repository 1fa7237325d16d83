import { randomBytes } from 'node:crypto';
import { OrgKind, Role } from '../../src/common/tenancy/principal';
import { TestApp } from './test-app';

export const TEST_PASSWORD = 'test-password-1234';

export interface OrgSession {
  readonly orgId: string;
  readonly userId: string;
  readonly email: string;
  readonly kind: OrgKind;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  readonly auth: { Authorization: string };
}

const unique = () => randomBytes(4).toString('hex');

/**
 * Builds an organisation through the public API (`aLender(t).inRegion('US-CA').build()`), so
 * every test starts from a world it made itself.
 */
export class OrgBuilder {
  private region = 'US-TX';
  private name: string;

  constructor(
    private readonly t: TestApp,
    private readonly kind: Exclude<OrgKind, 'platform'>,
  ) {
    this.name = `${kind} ${unique()}`;
  }

  inRegion(region: string): this {
    this.region = region;
    return this;
  }

  named(name: string): this {
    this.name = name;
    return this;
  }

  async build(): Promise<OrgSession> {
    const email = `${this.kind}-${unique()}@example.com`;
    const res = await this.t.http
      .post('/v1/auth/register')
      .send({ org: { name: this.name, kind: this.kind, region: this.region }, user: { email, password: TEST_PASSWORD, name: 'Test Owner' } });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      orgId: res.body.org.id,
      userId: res.body.user.id,
      email,
      kind: this.kind,
      accessToken: res.body.access_token,
      refreshToken: res.body.refresh_token,
      auth: { Authorization: `Bearer ${res.body.access_token}` },
    };
  }
}

export const aLender = (t: TestApp) => new OrgBuilder(t, 'lender');
export const anAgency = (t: TestApp) => new OrgBuilder(t, 'agency');
export const aTowOperator = (t: TestApp) => new OrgBuilder(t, 'tow_operator');
export const aBuyer = (t: TestApp) => new OrgBuilder(t, 'buyer');

/** Adds a user with a role to the session's org and logs them in. */
export async function addUser(t: TestApp, owner: OrgSession, role: Role): Promise<OrgSession> {
  const email = `${role}-${unique()}@example.com`;
  const created = await t.http.post('/v1/org/users').set(owner.auth).send({ email, password: TEST_PASSWORD, name: `Test ${role}`, role });
  if (created.status !== 201) throw new Error(`add user failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await t.http.post('/v1/auth/login').send({ email, password: TEST_PASSWORD });
  return { ...owner, userId: created.body.id, email, accessToken: login.body.access_token, refreshToken: login.body.refresh_token, auth: { Authorization: `Bearer ${login.body.access_token}` } };
}

/** The platform admin configured by PLATFORM_ADMIN_* (createTestApp with platformAdminEnv()). */
export const PLATFORM_ADMIN = { email: 'admin@platform.test', password: 'platform-admin-password' };

export function platformAdminEnv(): Record<string, string> {
  return { PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email, PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password };
}

export async function loginPlatformAdmin(t: TestApp): Promise<OrgSession> {
  const res = await t.http.post('/v1/auth/login').send(PLATFORM_ADMIN);
  if (res.status !== 200) throw new Error(`platform admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    orgId: res.body.org.id,
    userId: res.body.user.id,
    email: PLATFORM_ADMIN.email,
    kind: 'platform',
    accessToken: res.body.access_token,
    refreshToken: res.body.refresh_token,
    auth: { Authorization: `Bearer ${res.body.access_token}` },
  };
}
