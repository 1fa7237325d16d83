import { ConfigError, loadConfig } from './app-config';

const base = { DATABASE_URL: 'postgres://u@localhost/db', REDIS_URL: 'redis://localhost:6379' };
const key = Buffer.alloc(32, 1).toString('base64');
const production = {
  ...base,
  NODE_ENV: 'production',
  JWT_SECRET: 'p'.repeat(40),
  PII_KEYS: `k1:${key}`,
  PII_ACTIVE_KEY_ID: 'k1',
  PII_BLIND_INDEX_KEY: key,
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives development working defaults for secrets', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ nodeEnv: 'development', role: 'all', port: 3000, seedDemoData: true, runMigrations: true });
    expect(config.pii.keys.get(config.pii.activeKeyId)).toHaveLength(32);
  });

  it('lists every missing or invalid variable at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production', APP_ROLE: 'cron', PORT: 'eighty', REDIS_URL: 'http://x' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'APP_ROLE must be one of api, worker, all (got "cron")',
        'PORT must be a whole number from 1 to 65535 (got "eighty")',
        'DATABASE_URL is required',
        'REDIS_URL must be a redis:// URL',
        'JWT_SECRET is required',
        'PII_KEYS is required',
        'PII_ACTIVE_KEY_ID is required',
        'PII_BLIND_INDEX_KEY is required',
      ]),
    );
  });

  it('refuses weak or inconsistent secrets in production', () => {
    expect(problemsOf({ ...production, JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters']);
    expect(problemsOf({ ...production, PII_ACTIVE_KEY_ID: 'k2' })).toEqual(['PII_ACTIVE_KEY_ID "k2" is not one of PII_KEYS']);
    expect(problemsOf({ ...production, PII_KEYS: 'k1:c2hvcnQ=' })).toEqual(expect.arrayContaining(['PII_KEYS entry "k1" must be <id>:<base64 of 32 bytes>']));
    expect(problemsOf({ ...production, PLATFORM_ADMIN_EMAIL: 'a@b.c' })).toEqual(['PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD must be set together']);
    expect(problemsOf(production)).toEqual([]);
    expect(loadConfig(production)).toMatchObject({ seedDemoData: false, runMigrations: false });
  });

  it('accepts several PII keys for rotation', () => {
    const config = loadConfig({ ...production, PII_KEYS: `k1:${key},k2:${Buffer.alloc(32, 2).toString('base64')}`, PII_ACTIVE_KEY_ID: 'k2' });
    expect([...config.pii.keys.keys()]).toEqual(['k1', 'k2']);
  });
});

describe('loadConfig defaults for a first start', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadConfig(base).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('gives development secrets random per process, never a constant, the same for every call in it', () => {
    const first = loadConfig(base);
    const second = loadConfig(base);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(second.pii.blindIndexKey.equals(first.pii.blindIndexKey)).toBe(true);
    expect(first.jwt.secret).not.toMatch(/dev-only|change-me/);
    expect(first.pii.blindIndexKey.equals(Buffer.alloc(32, 9))).toBe(false);
  });
});

describe('TRUST_PROXY and WEBHOOK_ALLOW_PRIVATE_TARGETS (issue 11)', () => {
  it.each<[string | undefined, false | number | readonly string[]]>([
    [undefined, false],
    ['', false],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 172.16.0.0/12,127.0.0.1', ['10.0.0.0/8', '172.16.0.0/12', '127.0.0.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ])('TRUST_PROXY=%j trusts %j', (value, expected) => {
    expect(loadConfig({ ...base, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy).toEqual(expected);
  });

  it.each(['true', '0', '11', 'proxy.example.com', '10.0.0.0/33', '10.0.0.1,nope'])('refuses TRUST_PROXY=%j', (value) => {
    expect(problemsOf({ ...base, TRUST_PROXY: value }).join()).toMatch(/^TRUST_PROXY /);
  });

  it('allows private webhook targets in development only when asked, never in production', () => {
    expect(loadConfig(base).webhooks.allowPrivateTargets).toBe(false);
    expect(loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks.allowPrivateTargets).toBe(true);
    expect(problemsOf({ ...production, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toEqual([
      'WEBHOOK_ALLOW_PRIVATE_TARGETS is for development only and must not be set in production',
    ]);
  });

  it('reads Stripe as a pair of secrets, with the API address override for tests only', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
    expect(loadConfig(base).stripe).toBeNull();
    expect(loadConfig({ ...production, ...stripe }).stripe).toEqual({ secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc', api: null });
    expect(loadConfig({ ...base, ...stripe, STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: '4242', STRIPE_API_PROTOCOL: 'http' }).stripe?.api).toEqual({ host: '127.0.0.1', port: 4242, protocol: 'http' });
    expect(problemsOf({ ...base, STRIPE_SECRET_KEY: 'sk_test_abc123' })).toEqual(['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together']);
    expect(problemsOf({ ...base, STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'abc' })).toHaveLength(2);
    expect(problemsOf({ ...production, ...stripe, STRIPE_API_HOST: '127.0.0.1' })).toEqual([
      'STRIPE_API_HOST, STRIPE_API_PORT and STRIPE_API_PROTOCOL are for tests only and must not be set in production',
    ]);
  });
});
