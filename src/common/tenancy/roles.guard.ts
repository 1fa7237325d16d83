import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden } from '../problem/problem';
import { AuthenticatedRequest, IS_PUBLIC, principalOf, REQUIRED_ORG_KINDS, REQUIRED_ROLES } from './decorators';
import { OrgKind, Role } from './principal';

/** Enforces @OrgKinds and @Roles after the bearer has been authenticated. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const principal = principalOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
    const kinds = this.reflector.getAllAndOverride<OrgKind[] | undefined>(REQUIRED_ORG_KINDS, targets);
    if (kinds && !kinds.includes(principal.orgKind)) {
      throw forbidden('auth.wrong_org_kind', `This action is for ${kinds.join(' or ')} organisations.`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden('auth.insufficient_role', `This action needs the role ${roles.join(' or ')}; you are ${principal.role}.`);
    }
    return true;
  }
}
