import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:net';
import { createHttpApp } from './app.factory';
import { AppModule } from './app.module';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { AppConfig, ConfigError } from './config/app-config';
import { loadConfigFromEnvironment } from './config/environment';
import { runMigrations } from './database/migrate';
import { DemoSeeder } from './demo/demo-seeder';

/** A refusal the person starting the service can act on: one sentence, no stack. */
class StartupRefusal extends Error {}

/** Starts the api (HTTP), the worker (queues, timers, outbox relay) or both, by APP_ROLE. */
async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfigFromEnvironment();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Reclaim cannot start: ${err.problems.join('; ')}. See .env.example.\n`);
      process.exit(78);
    }
    throw err;
  }
  const { config, notes } = loaded;
  const logger = createRootLogger(config);
  for (const note of notes) logger.info(note);
  // Started by `npm start` (scripts/start.js) over an IPC channel: if that supervisor dies, even by
  // `kill -9`, the channel closes and this process stops the way a SIGTERM stops it.
  if (process.send) {
    process.channel?.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  process.once('exit', (code) => logger.info({ code }, 'Reclaim stopped'));

  // A busy port is found before migrations run and workers start (issue 10 §2).
  if (config.role !== 'worker') await assertPortFree(config);
  if (config.runMigrations) {
    const applied = await runMigrations(config).catch(explainDatabaseError);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  }
  if (config.role === 'worker') {
    const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: new PinoNestLogger(logger) });
    context.enableShutdownHooks([], { useProcessExit: true });
    logger.info('worker started');
    return;
  }
  const app = await createHttpApp(config, { logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: config.publicBaseUrl, docs: `${config.publicBaseUrl}/docs`, host: config.host, port: config.port, role: config.role }, 'Reclaim is listening');
  if (config.seedDemoData) await app.get(DemoSeeder).seed();
}

function assertPortFree(config: Pick<AppConfig, 'host' | 'port'>): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new StartupRefusal(`Port ${config.port} on ${config.host} is already in use: stop what listens there or set PORT to a free port (e.g. PORT=${config.port + 1}).`)
          : err,
      ),
    );
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function explainDatabaseError(err: Error & { code?: string }): never {
  if (err.code === '3D000') throw new StartupRefusal(`The database named by DATABASE_URL does not exist (${err.message}): create it (e.g. with createdb) or point DATABASE_URL at one that does.`);
  if (err.code === 'ECONNREFUSED') throw new StartupRefusal(`PostgreSQL does not answer at DATABASE_URL (${err.message}): start it or fix DATABASE_URL.`);
  throw err;
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof StartupRefusal ? `Reclaim cannot start: ${err.message}\n` : `Reclaim failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
