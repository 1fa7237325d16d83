import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/**
 * Redis connections. Commands from HTTP requests must fail fast when Redis is down
 * (no offline queue) so that writes to PostgreSQL never wait on it; BullMQ workers use
 * blocking connections that retry forever, as BullMQ requires.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly opened: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** For commands issued while serving a request: fail fast, never queue. */
  failFast(): Redis {
    return this.open({ enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, lazyConnect: false });
  }

  /** For BullMQ workers and blocking commands; `connectionName` shows in `CLIENT LIST`. */
  blocking(connectionName?: string): Redis {
    return this.open({ maxRetriesPerRequest: null, enableReadyCheck: true, connectionName });
  }

  /** Resolves once the client is connected, or rejects after `timeoutMs`. */
  static async whenReady(client: Redis, timeoutMs: number): Promise<void> {
    if (client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis not connected within ${timeoutMs} ms (status ${client.status})`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }

  private open(options: RedisOptions): Redis {
    // RESP2 keeps the reply shapes BullMQ's scripts expect (ioredis 6 defaults to RESP3).
    const client = new IORedis(this.config.redisUrl, { protocol: 2, ...options } as RedisOptions);
    client.on('error', () => undefined); // state is reported by health checks; avoid unhandled error events
    this.opened.push(client);
    return client;
  }

  /** Connected clients finish their pending replies (QUIT); the others stop reconnecting at once. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.opened.map(async (client) => {
        if (client.status !== 'ready') return client.disconnect();
        await client.quit().catch(() => client.disconnect());
      }),
    );
  }
}
