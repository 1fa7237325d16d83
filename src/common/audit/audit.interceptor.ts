import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable, from, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DomainError } from '../problem/problem';
import { ReplayedResponse } from '../problem/problem.filter';
import { AuthenticatedRequest } from '../tenancy/decorators';
import { AuditService } from './audit.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function statusOf(err: unknown): number {
  if (err instanceof DomainError) return err.status;
  if (err instanceof HttpException) return err.getStatus();
  if (err instanceof ReplayedResponse) return err.status;
  return 500;
}

/** Writes one audit entry for every state-changing request, whatever its outcome. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (READ_METHODS.has(request.method)) return next.handle();
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    const params = (request.params ?? {}) as Record<string, string>;
    const write = (status: number, body?: unknown) =>
      this.audit
        .record({
          action: `${request.method} ${route}`,
          principal: request.principal,
          entityId: params.id ?? (body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : undefined),
          outcomeStatus: status,
          request,
        })
        .catch((err: Error) => this.logger.error({ err: err.message, request_id: request.id }, 'audit write failed'));
    const defaultStatus = request.method === 'POST' ? 201 : 200;
    return next.handle().pipe(
      mergeMap((body) => from(write(Reflect.getMetadata('__httpCode__', context.getHandler()) ?? defaultStatus, body).then(() => body))),
      catchError((err) => from(write(statusOf(err))).pipe(mergeMap(() => throwError(() => err)))),
    );
  }
}
