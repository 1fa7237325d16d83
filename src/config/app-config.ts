import { randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export type AppRole = 'api' | 'worker' | 'all';
export type NodeEnv = 'development' | 'test' | 'production';

/**
 * The one typed configuration of the service. It is read once from the environment by
 * `loadConfig`, validated as a whole, and shared by the app, the worker and the migration CLI.
 */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly role: AppRole;
  readonly port: number;
  readonly host: string;
  readonly publicBaseUrl: string;
  /**
   * Which peers may set the client address through X-Forwarded-For: false (none, the default), a
   * hop count, or proxy addresses/CIDRs (Fastify `trustProxy`).
   */
  readonly trustProxy: false | number | readonly string[];
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key (BullMQ queues, rate limits): one Redis can serve several deployments or test files. */
  readonly redisPrefix: string;
  readonly jwt: { readonly secret: string; readonly accessTtlSeconds: number; readonly refreshTtlSeconds: number };
  readonly pii: {
    /** key id → 32-byte AES-256 key; several ids allow rotation. */
    readonly keys: ReadonlyMap<string, Buffer>;
    readonly activeKeyId: string;
    readonly blindIndexKey: Buffer;
  };
  readonly platformAdmin: { readonly email: string; readonly password: string; readonly name: string } | null;
  /** Per client IP a minute on login, register and refresh; per account (e-mail) on login, with backoff. */
  readonly rateLimit: { readonly authPerMinute: number; readonly loginFailuresPerAccount: number };
  readonly outbox: { readonly pollIntervalMs: number; readonly batchSize: number };
  /** Live lot streams (DESIGN §7): a comment line every `streamHeartbeatMs` keeps proxies from closing an idle stream. */
  readonly auctions: { readonly streamHeartbeatMs: number };
  /** How often a worker checks that Redis still holds its repeating jobs (and re-creates lost ones). */
  readonly jobSchedulers: { readonly checkIntervalMs: number };
  readonly idempotency: { readonly ttlHours: number };
  /**
   * Webhook deliveries: `retryScale` shrinks the retry schedule (tests use e.g. 0.0001); `timeoutMs`
   * bounds one attempt; `allowPrivateTargets` lets development point endpoints at this machine or
   * a private network (refused otherwise, issue 11 item 2).
   */
  readonly webhooks: { readonly retryScale: number; readonly timeoutMs: number; readonly allowPrivateTargets: boolean };
  /** Outgoing e-mail; null (SMTP_URL unset) turns e-mail off. */
  readonly smtp: { readonly url: string; readonly from: string } | null;
  /** Stripe (payouts through Connect, webhooks); null when STRIPE_SECRET_KEY is unset. */
  readonly stripe: StripeSettings | null;
  readonly seedDemoData: boolean;
  readonly runMigrations: boolean;
  readonly dataDir: string;
}

export interface StripeSettings {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Where the SDK sends requests: api.stripe.com unless a test points it at its own server. */
  readonly api: { readonly host: string; readonly port: number; readonly protocol: 'http' | 'https' } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export type GeneratedSecret = 'JWT_SECRET' | 'PII_KEYS' | 'PII_ACTIVE_KEY_ID' | 'PII_BLIND_INDEX_KEY';

/**
 * Development and test get working secrets when unset: random for this process (never a constant
 * anyone could know, issue 11 item 5), shared by every loadConfig call in it so two apps on one
 * database agree. `readEnvironment` keeps development ones in DATA_DIR so they survive restarts;
 * production must set every secret explicitly.
 */
let processSecrets: Readonly<Record<string, string>> | undefined;
function processSecret(name: string): string | undefined {
  processSecrets ??= generateSecrets();
  return processSecrets[name];
}

/** Fresh random values for the secrets development may generate (also written by readEnvironment). */
export function generateSecrets(): Readonly<Record<GeneratedSecret, string>> {
  return {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    PII_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    PII_ACTIVE_KEY_ID: 'dev1',
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development', problems);
  const isProd = nodeEnv === 'production';
  const read = (name: string, fallback?: string): string | undefined => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (!isProd) return processSecret(name) ?? fallback;
    return fallback;
  };
  const required = (name: string, fallback?: string): string => {
    const value = read(name, fallback);
    if (value === undefined) {
      problems.push(`${name} is required`);
      return '';
    }
    return value;
  };

  const role = oneOf(env, 'APP_ROLE', ['api', 'worker', 'all'] as const, 'all', problems);
  const port = int(env, 'PORT', 3000, problems, 1, 65535);
  const databaseUrl = required('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const redisUrl = required('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must be a redis:// URL');

  const jwtSecret = required('JWT_SECRET');
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');

  const keys = new Map<string, Buffer>();
  const piiKeys = required('PII_KEYS');
  for (const entry of piiKeys ? piiKeys.split(',') : []) {
    const [id, b64] = entry.split(':');
    const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!id || key.length !== 32) problems.push(`PII_KEYS entry "${id ?? ''}" must be <id>:<base64 of 32 bytes>`);
    else keys.set(id.trim(), key);
  }
  const activeKeyId = required('PII_ACTIVE_KEY_ID');
  if (activeKeyId && keys.size > 0 && !keys.has(activeKeyId)) problems.push(`PII_ACTIVE_KEY_ID "${activeKeyId}" is not one of PII_KEYS`);
  const blindIndexB64 = required('PII_BLIND_INDEX_KEY');
  const blindIndexKey = Buffer.from(blindIndexB64, 'base64');
  if (blindIndexB64 && blindIndexKey.length < 32) problems.push('PII_BLIND_INDEX_KEY must be base64 of at least 32 bytes');

  const retryScale = decimal(env, 'WEBHOOK_RETRY_SCALE', 1, problems);
  const smtpUrl = env.SMTP_URL;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');

  const adminEmail = env.PLATFORM_ADMIN_EMAIL;
  const adminPassword = env.PLATFORM_ADMIN_PASSWORD;
  if ((adminEmail && !adminPassword) || (!adminEmail && adminPassword)) {
    problems.push('PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD must be set together');
  }
  if (adminPassword && adminPassword.length < 12) problems.push('PLATFORM_ADMIN_PASSWORD must be at least 12 characters');

  const config: AppConfig = {
    nodeEnv,
    role,
    port,
    // Loopback unless told otherwise (issue 11 item 5); the image and compose set HOST=0.0.0.0.
    host: env.HOST || '127.0.0.1',
    publicBaseUrl: env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    trustProxy: trustProxy(env, problems),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info', problems),
    databaseUrl,
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'reclaim',
    jwt: {
      secret: jwtSecret,
      accessTtlSeconds: int(env, 'JWT_ACCESS_TTL_SECONDS', 900, problems, 30, 86_400),
      refreshTtlSeconds: int(env, 'JWT_REFRESH_TTL_SECONDS', 30 * 86_400, problems, 60, 365 * 86_400),
    },
    pii: { keys, activeKeyId, blindIndexKey },
    platformAdmin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword, name: env.PLATFORM_ADMIN_NAME || 'Platform admin' } : null,
    rateLimit: {
      authPerMinute: int(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 20, problems, 1, 100_000),
      loginFailuresPerAccount: int(env, 'LOGIN_FAILURES_PER_ACCOUNT', 5, problems, 1, 1_000),
    },
    outbox: {
      pollIntervalMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 500, problems, 10, 60_000),
      batchSize: int(env, 'OUTBOX_BATCH_SIZE', 200, problems, 1, 10_000),
    },
    auctions: { streamHeartbeatMs: int(env, 'AUCTION_STREAM_HEARTBEAT_MS', 15_000, problems, 50, 120_000) },
    jobSchedulers: { checkIntervalMs: int(env, 'SCHEDULER_CHECK_INTERVAL_MS', 60_000, problems, 100, 3_600_000) },
    idempotency: { ttlHours: int(env, 'IDEMPOTENCY_TTL_HOURS', 24, problems, 1, 24 * 30) },
    webhooks: {
      retryScale,
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, problems, 100, 60_000),
      allowPrivateTargets: bool(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false, problems),
    },
    stripe: stripeSettings(env, isProd, problems),
    smtp: smtpUrl ? { url: smtpUrl, from: env.SMTP_FROM || 'Reclaim <notifications@reclaim.local>' } : null,
    seedDemoData: bool(env, 'SEED_DEMO_DATA', nodeEnv === 'development', problems),
    runMigrations: bool(env, 'RUN_MIGRATIONS', nodeEnv !== 'production', problems),
    dataDir: env.DATA_DIR || '.data',
  };
  if (isProd && config.webhooks.allowPrivateTargets) problems.push('WEBHOOK_ALLOW_PRIVATE_TARGETS is for development only and must not be set in production');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together. STRIPE_API_HOST/PORT/PROTOCOL point the
 * SDK at the test Stripe server; production refuses them, so it can only talk to api.stripe.com.
 */
function stripeSettings(env: Env, isProd: boolean, problems: string[]): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  const host = env.STRIPE_API_HOST;
  if (host && isProd) problems.push('STRIPE_API_HOST, STRIPE_API_PORT and STRIPE_API_PROTOCOL are for tests only and must not be set in production');
  if (!secretKey && !webhookSecret) return null;
  if (!secretKey || !webhookSecret) problems.push('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together');
  if (secretKey && !/^(sk|rk)_(test|live)_\w+$/.test(secretKey)) problems.push('STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…)');
  if (webhookSecret && !webhookSecret.startsWith('whsec_')) problems.push('STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)');
  const protocol = oneOf(env, 'STRIPE_API_PROTOCOL', ['http', 'https'] as const, 'https', problems);
  return {
    secretKey: secretKey ?? '',
    webhookSecret: webhookSecret ?? '',
    api: host ? { host, port: int(env, 'STRIPE_API_PORT', protocol === 'https' ? 443 : 80, problems, 1, 65535), protocol } : null,
  };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return fallback;
}

function int(env: Env, name: string, fallback: number, problems: string[], min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    return fallback;
  }
  return Number(value);
}

/** A number in (0, 1]: a factor that can only shrink what it scales. */
function decimal(env: Env, name: string, fallback: number, problems: string[]): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value) || !(parsed > 0 && parsed <= 1)) {
    problems.push(`${name} must be a number above 0 and at most 1 (got "${value}")`);
    return fallback;
  }
  return parsed;
}

/** Named ranges proxy-addr (Fastify's trustProxy) understands besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: unset or `false` → trust nobody; a whole number → that many hops; else addresses/CIDRs, comma-separated. */
function trustProxy(env: Env, problems: string[]): false | number | readonly string[] {
  const value = env.TRUST_PROXY?.trim();
  if (!value || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
    problems.push(`TRUST_PROXY hop count must be from 1 to 10 (got "${value}")`);
    return false;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.filter((entry) => !PROXY_RANGE_NAMES.has(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry));
  if (invalid.length > 0) {
    problems.push(`TRUST_PROXY must be false, a hop count, or proxy addresses/CIDRs such as 10.0.0.0/8 (not "${invalid.join('", "')}")`);
    return false;
  }
  return entries;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}
