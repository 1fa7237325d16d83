import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createHttpApp } from './app.factory';
import { AppModule } from './app.module';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { ConfigError, loadConfig } from './config/app-config';
import { runMigrations } from './database/migrate';
import { DemoSeeder } from './demo/demo-seeder';

/** Starts the api (HTTP), the worker (queues, timers, outbox relay) or both, by APP_ROLE. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Reclaim cannot start: ${err.problems.join('; ')}. See .env.example.\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createRootLogger(config);
  if (config.runMigrations) {
    const applied = await runMigrations(config);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  }
  if (config.role === 'worker') {
    const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: new PinoNestLogger(logger) });
    context.enableShutdownHooks();
    logger.info('worker started');
    return;
  }
  const app = await createHttpApp(config, { logger });
  await app.listen({ port: config.port, host: config.host });
  if (config.seedDemoData) await app.get(DemoSeeder).seed();
  logger.info({ url: config.publicBaseUrl, docs: `${config.publicBaseUrl}/docs`, role: config.role }, 'Reclaim is listening');
}

main().catch((err: Error) => {
  process.stderr.write(`Reclaim failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
