import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Observable, from, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../clock/clock';
import { PiiCipher } from '../pii/pii-cipher';
import { conflict, DomainError, unprocessable, validationFailed } from '../problem/problem';
import { ReplayedResponse, toProblem } from '../problem/problem.filter';
import { AuthenticatedRequest } from '../tenancy/decorators';
import { IdempotencyKey } from './idempotency-key.entity';

const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Stable JSON (sorted keys) so that the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * `Idempotency-Key` on POST (DESIGN §2): the first request claims the key through the primary
 * key (so parallel duplicates cannot both run), the answer is stored, and a retry with the same
 * body gets it replayed for 24 h. Another body under the same key is 422; a retry while the first
 * is still running is 409. Server errors release the key so the client can try again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      return throwError(() => validationFailed([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]));
    }
    const scope = request.principal ? `org:${request.principal.orgId}` : 'anonymous';
    // A multipart upload is still a stream here; its length stands in for its content, so a
    // different file under the same key is refused unless it has exactly the same size.
    const bodyForHash =
      request.body === undefined ? `stream:${request.headers['content-length'] ?? 'chunked'}` : Buffer.isBuffer(request.body) ? createHash('sha256').update(request.body).digest('hex') : canonical(request.body);
    const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${bodyForHash}`).digest('hex');
    const successStatus: number = Reflect.getMetadata('__httpCode__', context.getHandler()) ?? 201;

    return from(this.claim(scope, key, requestHash)).pipe(
      mergeMap(() => next.handle()),
      mergeMap((body) => from(this.complete(scope, key, successStatus, body ?? null, 'application/json; charset=utf-8').then(() => body))),
      catchError((err: unknown) => {
        if (err instanceof ReplayedResponse || isClaimRefusal(err)) return throwError(() => err);
        const status = err instanceof DomainError ? err.status : err instanceof HttpException ? err.getStatus() : 500;
        const settle = status >= 500 ? this.release(scope, key) : this.complete(scope, key, status, toProblem(err, request.id, request.url.split('?')[0]), 'application/problem+json');
        return from(settle).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }

  private async claim(scope: string, key: string, requestHash: string): Promise<void> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.idempotency.ttlHours * 3_600_000);
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await this.keys
        .createQueryBuilder()
        .insert()
        .values({ scope, key, requestHash, state: 'in_flight', createdAt: now, expiresAt })
        .orIgnore()
        .returning(['key'])
        .execute();
      if (inserted.raw.length > 0) return;
      const existing = await this.keys.findOneBy({ scope, key });
      if (!existing) continue; // released or purged in between: claim again
      if (existing.expiresAt <= now) {
        await this.keys.delete({ scope, key, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw claimRefusal(unprocessable('idempotency.key_reused', 'This Idempotency-Key was already used with a different request body.'));
      }
      if (existing.state === 'in_flight') {
        throw claimRefusal(conflict('idempotency.in_flight', 'A request with this Idempotency-Key is still being processed; retry shortly.'));
      }
      throw new ReplayedResponse(existing.responseStatus ?? 200, this.open(existing.responseBody), existing.responseContentType ?? 'application/json; charset=utf-8');
    }
    throw claimRefusal(conflict('idempotency.in_flight', 'A request with this Idempotency-Key is still being processed; retry shortly.'));
  }

  /**
   * Stored answers can hold secrets shown once (an API key, a webhook signing secret), so they
   * are kept encrypted like PII, never as plain JSON.
   */
  private async complete(scope: string, key: string, status: number, body: unknown, contentType: string): Promise<void> {
    const sealed = { sealed: this.cipher.encrypt(JSON.stringify(body)) };
    await this.keys.update({ scope, key }, { state: 'completed', responseStatus: status, responseBody: sealed, responseContentType: contentType });
  }

  private open(stored: unknown): unknown {
    const sealed = (stored as { sealed?: unknown } | null)?.sealed;
    return typeof sealed === 'string' ? JSON.parse(this.cipher.decrypt(sealed)) : stored;
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.keys.delete({ scope, key, state: 'in_flight' });
  }
}

const CLAIM_REFUSAL = Symbol('idempotency-claim-refusal');

function claimRefusal(error: DomainError): DomainError {
  return Object.assign(error, { [CLAIM_REFUSAL]: true });
}

function isClaimRefusal(err: unknown): boolean {
  return typeof err === 'object' && err !== null && CLAIM_REFUSAL in err;
}
