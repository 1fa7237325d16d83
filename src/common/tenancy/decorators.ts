import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiProblems, ApiPublic } from '../openapi/decorators';
import { unauthorized } from '../problem/problem';
import { OrgKind, Principal, Role } from './principal';

export const IS_PUBLIC = 'reclaim:public';
export const REQUIRED_ROLES = 'reclaim:roles';
export const REQUIRED_ORG_KINDS = 'reclaim:org-kinds';

/** A route anyone may call without a bearer (register, login, health); documented with `security: []`. */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublic());

/** The caller's role in its org must be one of these (documented as the route's 403). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiProblems(403));

/** The caller's org must be of one of these kinds (documented as the route's 403). */
export const OrgKinds = (...kinds: OrgKind[]): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(REQUIRED_ORG_KINDS, kinds), ApiProblems(403));

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw unauthorized('auth.missing_credentials', 'A bearer access token or API key is required.');
  return request.principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()));
