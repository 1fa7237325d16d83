import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RedisConnections } from '../redis/redis';
import { QueueService } from './queue.service';
import { WorkerHost } from './worker-host';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [RedisConnections, QueueService, WorkerHost],
  exports: [RedisConnections, QueueService],
})
export class QueueModule {}
