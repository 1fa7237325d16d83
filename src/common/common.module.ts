import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditService } from './audit/audit.service';
import { Clock } from './clock/clock';
import { AfterCommit } from './database/after-commit';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyPurgeJob } from './idempotency/idempotency-purge.job';
import { DomainEventDispatcher } from './outbox/event-dispatcher';
import { OutboxEvent } from './outbox/outbox-event.entity';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';
import { PiiCipher } from './pii/pii-cipher';
import { ProblemFilter } from './problem/problem.filter';
import { QueueModule } from './queue/queue.module';
import { LoginBackoff } from './rate-limit/login-backoff';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { DocumentStorage, LocalDiskDocumentStorage } from './storage/document-storage';
import { RateLimitStore } from './rate-limit/rate-limit-store';

/** The shared mechanics of DESIGN §2, provided once for every module. */
@Global()
@Module({
  imports: [DiscoveryModule, QueueModule, TypeOrmModule.forFeature([AuditEntry, OutboxEvent, IdempotencyKey])],
  providers: [
    { provide: PiiCipher, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PiiCipher(config.pii) },
    AuditService,
    AfterCommit,
    OutboxService,
    OutboxRelay,
    DomainEventDispatcher,
    IdempotencyPurgeJob,
    RateLimitStore,
    LoginBackoff,
    // Uploaded documents (partner credentials, field evidence); an S3 implementation replaces it here.
    { provide: DocumentStorage, useClass: LocalDiskDocumentStorage },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    // Order matters: audit wraps idempotency so that replays and refusals are audited too.
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [QueueModule, Clock, PiiCipher, AuditService, AfterCommit, OutboxService, OutboxRelay, LoginBackoff, DocumentStorage],
})
export class CommonModule {
  /** `clock` lets tests run time-dependent rules under a controlled clock; nothing else is swapped. */
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: CommonModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
