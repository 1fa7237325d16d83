import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig, generateSecrets, loadConfig } from './app-config';

type Env = Record<string, string | undefined>;

/** The platform admin a development start creates when PLATFORM_ADMIN_EMAIL is unset (README demo logins). */
export const DEVELOPMENT_ADMIN_EMAIL = 'admin@demo.reclaim.dev';
export const DEVELOPMENT_SECRETS_FILE = 'dev-secrets.json';

export interface Environment {
  readonly env: Readonly<Env>;
  /** What was read or generated, for the boot log (never a secret's value). */
  readonly notes: readonly string[];
}

/**
 * The environment the service runs with: `.env` in the working directory when present (variables
 * already set win, as with `node --env-file`), then, in development only, every secret not set,
 * generated once into DATA_DIR/dev-secrets.json (mode 0600) so it survives restarts and is never a
 * constant in code (issue 11 item 5). Production gets nothing generated: loadConfig refuses it.
 */
export function readEnvironment(given: Readonly<Env> = process.env, cwd = process.cwd()): Environment {
  const notes: string[] = [];
  const envFile = path.join(cwd, '.env');
  let env: Env = { ...given };
  if (existsSync(envFile)) {
    env = { ...parseEnv(readFileSync(envFile, 'utf8')), ...given };
    notes.push('read .env');
  }
  if ((env.NODE_ENV || 'development') !== 'development') return { env, notes };

  const unset = (name: string) => !env[name];
  const wanted = {
    jwt: unset('JWT_SECRET'),
    pii: unset('PII_KEYS') && unset('PII_ACTIVE_KEY_ID'),
    blindIndex: unset('PII_BLIND_INDEX_KEY'),
    admin: unset('PLATFORM_ADMIN_EMAIL') && unset('PLATFORM_ADMIN_PASSWORD'),
  };
  if (!Object.values(wanted).some(Boolean)) return { env, notes };

  const file = path.resolve(cwd, env.DATA_DIR || '.data', DEVELOPMENT_SECRETS_FILE);
  const shown = path.relative(cwd, file) || file;
  const secrets = developmentSecrets(file);
  if (wanted.jwt) env.JWT_SECRET = secrets.JWT_SECRET;
  if (wanted.pii) Object.assign(env, { PII_KEYS: secrets.PII_KEYS, PII_ACTIVE_KEY_ID: secrets.PII_ACTIVE_KEY_ID });
  if (wanted.blindIndex) env.PII_BLIND_INDEX_KEY = secrets.PII_BLIND_INDEX_KEY;
  if (wanted.admin) Object.assign(env, { PLATFORM_ADMIN_EMAIL: DEVELOPMENT_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD: secrets.PLATFORM_ADMIN_PASSWORD });
  notes.push(`development secrets not set in the environment are kept in ${shown}`);
  if (wanted.admin) notes.push(`platform admin ${DEVELOPMENT_ADMIN_EMAIL}: its password is PLATFORM_ADMIN_PASSWORD in ${shown}`);
  return { env, notes };
}

/** Reads the development secrets file, creating it (or adding what an older one lacks). */
function developmentSecrets(file: string): Record<string, string> {
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const complete = { ...generateSecrets(), PLATFORM_ADMIN_PASSWORD: randomBytes(18).toString('base64url'), ...stored };
  if (Object.keys(complete).some((key) => !(key in stored))) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(complete, null, 2)}\n`, { mode: 0o600 });
  }
  return complete;
}

/** `.env`, development secrets, then validation: what main.ts, the migration CLI and the probe run with. */
export function loadConfigFromEnvironment(): { config: AppConfig; notes: readonly string[] } {
  const { env, notes } = readEnvironment();
  return { config: loadConfig(env), notes };
}
