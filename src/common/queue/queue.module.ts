import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RedisConnections } from '../redis/redis';
import { Deadlines } from './deadlines.service';
import { JobSchedulers } from './job-schedulers';
import { QueueService } from './queue.service';
import { WorkerHost } from './worker-host';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [RedisConnections, QueueService, Deadlines, JobSchedulers, WorkerHost],
  exports: [RedisConnections, QueueService, Deadlines, JobSchedulers],
})
export class QueueModule {}
