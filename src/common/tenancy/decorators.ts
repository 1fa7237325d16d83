import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../problem/problem';
import { OrgKind, Principal, Role } from './principal';

export const IS_PUBLIC = 'reclaim:public';
export const REQUIRED_ROLES = 'reclaim:roles';
export const REQUIRED_ORG_KINDS = 'reclaim:org-kinds';

/** A route anyone may call without a bearer (register, login, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller's role in its org must be one of these. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The caller's org must be of one of these kinds. */
export const OrgKinds = (...kinds: OrgKind[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ORG_KINDS, kinds);

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw unauthorized('auth.missing_credentials', 'A bearer access token or API key is required.');
  return request.principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()));
